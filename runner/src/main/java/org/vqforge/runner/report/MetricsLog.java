package org.vqforge.runner.report;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's metrics.jsonl read back: one row per logged step, each its numeric values by key
 * ({@code step}, {@code loss}, {@code loss_reconstruction}, the quantizer's metrics, ...).
 */
public record MetricsLog(List<Map<String, Double>> rows) {

    private static final Gson GSON = new Gson();

    /** @throws IOException for an unreadable file or a line that is not a JSON object with a step, naming the line */
    public static MetricsLog read(Path file) throws IOException {
        List<Map<String, Double>> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            Map<String, Double> row = new LinkedHashMap<>();
            try {
                JsonObject o = GSON.fromJson(lines.get(i), JsonObject.class);
                for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                    if (e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber()) {
                        row.put(e.getKey(), e.getValue().getAsDouble());
                    }
                }
            } catch (JsonParseException | IllegalStateException e) {
                throw new IOException(file + " line " + (i + 1) + " is not a JSON object: " + e.getMessage(), e);
            }
            if (!row.containsKey("step")) {
                throw new IOException(file + " line " + (i + 1) + " has no numeric \"step\"");
            }
            rows.add(row);
        }
        return new MetricsLog(List.copyOf(rows));
    }

    /** Every key some row has, in the order they first appear. */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        rows.forEach(r -> keys.addAll(r.keySet()));
        return keys;
    }

    /** The (step, value) pairs of {@code key}, for the rows that have it. */
    public List<double[]> series(String key) {
        List<double[]> points = new ArrayList<>();
        for (Map<String, Double> r : rows) {
            Double v = r.get(key);
            if (v != null) {
                points.add(new double[] {r.get("step"), v});
            }
        }
        return points;
    }

    /** The last logged step, or 0 when nothing is logged. */
    public long lastStep() {
        return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).get("step").longValue();
    }
}
