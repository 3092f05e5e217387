package org.vqforge.runner.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-operator summary of a Chrome trace of complete events ({@code "ph": "X"}), as the
 * engine's profiler writes it. Each event's duration includes the operators it called (a
 * convolution calls its backend kernel, a backward node the ops of its gradient); its self time is
 * its duration less that of the events directly nested in it on the same thread.
 */
public final class OpProfile {

    /** One operator: its calls and total self time, in microseconds. */
    public record Op(String name, long calls, double selfMicros) {}

    /** One complete event. */
    record Event(String name, long thread, double start, double duration) {
        double end() {
            return start + duration;
        }
    }

    private final List<Op> ops;
    private final double totalSelfMicros;

    private OpProfile(List<Op> ops) {
        this.ops = List.copyOf(ops);
        this.totalSelfMicros = ops.stream().mapToDouble(Op::selfMicros).sum();
    }

    /** Reads a trace file. */
    public static OpProfile read(Path trace) throws IOException {
        try (Reader in = Files.newBufferedReader(trace)) {
            JsonElement root = JsonParser.parseReader(in);
            // a trace is an array of events or an object holding them under traceEvents
            JsonArray events = root.isJsonArray() ? root.getAsJsonArray()
                    : root.getAsJsonObject().getAsJsonArray("traceEvents");
            if (events == null) {
                throw new IOException(trace + ": not a Chrome trace (no event array)");
            }
            return of(parse(events));
        } catch (com.google.gson.JsonParseException | IllegalStateException e) {
            throw new IOException(trace + ": not a Chrome trace (" + e.getMessage() + ")", e);
        }
    }

    private static List<Event> parse(JsonArray events) {
        List<Event> parsed = new ArrayList<>();
        for (JsonElement element : events) {
            JsonObject e = element.getAsJsonObject();
            if (!e.has("ph") || !e.get("ph").getAsString().equals("X")) {
                continue;
            }
            parsed.add(new Event(e.get("name").getAsString(), e.has("tid") ? e.get("tid").getAsLong() : 0,
                    e.get("ts").getAsDouble(), e.get("dur").getAsDouble()));
        }
        return parsed;
    }

    /** The summary of {@code events}; ops sorted by self time, largest first. */
    static OpProfile of(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        // parents before their children: by thread, start, then the longer first
        sorted.sort(Comparator.comparingLong(Event::thread).thenComparingDouble(Event::start)
                .thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
        double[] childMicros = new double[sorted.size()];
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < sorted.size(); i++) {
            Event e = sorted.get(i);
            while (!open.isEmpty() && (sorted.get(open.peek()).thread() != e.thread()
                    || sorted.get(open.peek()).end() <= e.start())) {
                open.pop();
            }
            if (!open.isEmpty()) {
                childMicros[open.peek()] += e.duration();
            }
            open.push(i);
        }
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            Event e = sorted.get(i);
            double[] acc = byName.computeIfAbsent(e.name(), k -> new double[2]);
            acc[0]++;
            acc[1] += Math.max(0, e.duration() - childMicros[i]);
        }
        List<Op> ops = new ArrayList<>();
        byName.forEach((name, acc) -> ops.add(new Op(name, (long) acc[0], acc[1])));
        ops.sort(Comparator.comparingDouble(Op::selfMicros).reversed().thenComparing(Op::name));
        return new OpProfile(ops);
    }

    /** Every operator, largest self time first. */
    public List<Op> ops() {
        return ops;
    }

    /** The sum of every event's self time: the time the profiled thread(s) spent in operators. */
    public double totalSelfMicros() {
        return totalSelfMicros;
    }

    /** The {@code top} operators as a table, with times and calls per step. */
    public String table(int top, long steps) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-48s %12s %7s %10s%n",
                "op", "self ms/step", "share", "calls/step"));
        for (Op op : ops.subList(0, Math.min(top, ops.size()))) {
            out.append(String.format(Locale.ROOT, "%-48s %12.2f %6.1f%% %10.1f%n", shorten(op.name()),
                    op.selfMicros() / 1000 / steps, 100 * op.selfMicros() / totalSelfMicros,
                    (double) op.calls() / steps));
        }
        long calls = ops.stream().mapToLong(Op::calls).sum();
        out.append(String.format(Locale.ROOT, "%-48s %12.2f %6.1f%% %10.1f%n", "all " + ops.size() + " ops",
                totalSelfMicros / 1000 / steps, 100.0, (double) calls / steps));
        return out.toString();
    }

    private static String shorten(String name) {
        return name.length() <= 48 ? name : name.substring(0, 45) + "...";
    }
}
