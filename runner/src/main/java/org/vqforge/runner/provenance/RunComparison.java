package org.vqforge.runner.provenance;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vqforge.runner.train.RunDirectory;

/**
 * Whether two runs of one config and seed measured the same: every logged metric of every step
 * (timings aside), the evaluation, and the code histogram, compared exactly (bit for bit as the
 * JSON writes doubles: shortest round-trip text).
 *
 * @param differences what differs, empty when identical
 * @param stepsCompared logged steps compared
 * @param notCompared values only one of the runs has (measurements added to vqforge since the original)
 */
public record RunComparison(List<String> differences, int stepsCompared, List<String> notCompared) {

    /** Fields that measure the machine, not the model: they may differ between identical runs. */
    static final Set<String> TIMINGS = Set.of("images_per_s", "elapsed_s");

    private static final Gson GSON = new Gson();

    public boolean identical() {
        return differences.isEmpty();
    }

    public String summary() {
        return (identical()
                ? "identical to the original: " + stepsCompared + " logged steps (timings aside), "
                        + RunDirectory.EVALUATION + " and " + RunDirectory.CODES
                : "differs from the original:\n  " + String.join("\n  ", differences))
                + (notCompared.isEmpty() ? "" : "\n(only in one run, not compared: " + String.join(", ", notCompared) + ")");
    }

    public static RunComparison of(Path original, Path rerun) throws IOException {
        List<String> differences = new ArrayList<>();
        List<JsonObject> a = lines(original.resolve(RunDirectory.METRICS));
        List<JsonObject> b = lines(rerun.resolve(RunDirectory.METRICS));
        if (a.size() != b.size()) {
            differences.add(RunDirectory.METRICS + ": " + a.size() + " lines in the original, " + b.size() + " in the rerun");
        }
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            JsonObject x = a.get(i).deepCopy();
            JsonObject y = b.get(i).deepCopy();
            TIMINGS.forEach(k -> {
                x.remove(k);
                y.remove(k);
            });
            if (!x.equals(y)) {
                differences.add(RunDirectory.METRICS + " line " + (i + 1) + ": " + x + " vs " + y);
            }
        }
        List<String> notCompared = new ArrayList<>();
        for (String file : List.of(RunDirectory.EVALUATION, RunDirectory.CODES)) {
            Path p = original.resolve(file);
            Path q = rerun.resolve(file);
            if (!Files.isRegularFile(p) && !Files.isRegularFile(q)) {
                continue;
            }
            if (!Files.isRegularFile(p) || !Files.isRegularFile(q)) {
                differences.add(file + ": present in only one of the runs");
                continue;
            }
            JsonObject x = GSON.fromJson(Files.readString(p), JsonObject.class);
            JsonObject y = GSON.fromJson(Files.readString(q), JsonObject.class);
            for (String key : x.keySet()) {
                if (!y.has(key)) {
                    notCompared.add(file + " " + key);
                } else if (!x.get(key).equals(y.get(key))) {
                    differences.add(file + " " + key + ": " + x.get(key) + " vs " + y.get(key));
                }
            }
            // a measurement the original did not make (e.g. an evaluation added since) is not a difference
            y.keySet().stream().filter(k -> !x.has(k)).forEach(k -> notCompared.add(file + " " + k));
        }
        return new RunComparison(differences, n, notCompared);
    }

    private static List<JsonObject> lines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<JsonObject> objects = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                objects.add(GSON.fromJson(line, JsonObject.class));
            }
        }
        return objects;
    }
}
