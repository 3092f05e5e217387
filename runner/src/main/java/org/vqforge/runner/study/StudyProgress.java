package org.vqforge.runner.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The study-level progress line: trials done, running, failed and waiting, elapsed time and an
 * estimate of the time left (mean trial time of this session, spread over the workers).
 */
final class StudyProgress {

    private final int workers;
    private final long began = System.nanoTime();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    private final List<Double> durations = new ArrayList<>();
    private int kept;
    private int done;
    private int failed;
    private int waiting;

    StudyProgress(int workers) {
        this.workers = workers;
    }

    synchronized void kept() {
        kept++;
        done++;
    }

    synchronized int keptCount() {
        return kept;
    }

    synchronized void waiting(int n) {
        waiting = n;
    }

    synchronized void started(String id) {
        waiting--;
        startedAt.put(id, System.nanoTime());
    }

    synchronized void ended(String id, boolean completed, double seconds) {
        startedAt.remove(id);
        durations.add(seconds);
        if (completed) {
            done++;
        } else {
            failed++;
        }
    }

    synchronized String line() {
        int total = done + failed + startedAt.size() + waiting;
        double elapsed = (System.nanoTime() - began) / 1e9;
        return String.format("[study] %d/%d done, %d running, %d failed, %d waiting | elapsed %s | ETA %s",
                done, total, startedAt.size(), failed, waiting, duration(elapsed), eta());
    }

    /** Seconds left: work still to do at this session's mean trial time, shared by the workers. */
    synchronized String eta() {
        if (startedAt.isEmpty() && waiting == 0) {
            return "0s";
        }
        if (durations.isEmpty()) {
            return "?";
        }
        double mean = durations.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double left = waiting * mean;
        long now = System.nanoTime();
        for (long start : startedAt.values()) {
            left += Math.max(0, mean - (now - start) / 1e9);
        }
        return duration(left / workers);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
                : s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
