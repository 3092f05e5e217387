package org.vqforge.runner.bench;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * RSS growth between two steps of a run, from VmRSS read after every step.
 *
 * <p>A single reading is a poor level: glibc keeps or returns a step's freed activation buffers
 * (25-50 MB each) depending on which arena they landed in, so one step can read a buffer or two
 * below or above the steps around it with nothing held. The level at a step is therefore the median
 * of the readings over the {@link #WINDOW} steps ending there; a leak moves every reading, so it
 * moves the median too.
 */
public final class RssGrowth {

    /** Steps whose readings make up one level. */
    public static final int WINDOW = 20;

    private RssGrowth() {}

    /**
     * Median of the readings over the {@code window} steps ending at {@code step} (index = step);
     * readings of 0 (unreadable) are left out; empty when none is left.
     */
    public static OptionalDouble level(long[] rssByStep, int step, int window) {
        int from = Math.max(1, step - window + 1);
        long[] readings = Arrays.stream(rssByStep, from, Math.min(step + 1, rssByStep.length))
                .filter(rss -> rss > 0).sorted().toArray();
        if (readings.length == 0) {
            return OptionalDouble.empty();
        }
        int mid = readings.length / 2;
        return OptionalDouble.of(readings.length % 2 == 1 ? readings[mid] : (readings[mid - 1] + readings[mid]) / 2.0);
    }

    /** Growth in percent of the level at {@code to} over the level at {@code from}. */
    public static OptionalDouble levelGrowthPct(long[] rssByStep, int from, int to) {
        return percent(level(rssByStep, from, WINDOW), level(rssByStep, to, WINDOW));
    }

    /** Growth in percent of the single reading at {@code to} over the one at {@code from}. */
    public static OptionalDouble pointGrowthPct(long[] rssByStep, int from, int to) {
        return percent(level(rssByStep, from, 1), level(rssByStep, to, 1));
    }

    private static OptionalDouble percent(OptionalDouble from, OptionalDouble to) {
        return from.isPresent() && to.isPresent() && from.getAsDouble() > 0
                ? OptionalDouble.of(100.0 * (to.getAsDouble() - from.getAsDouble()) / from.getAsDouble())
                : OptionalDouble.empty();
    }
}
