package org.vqforge.runner.study.report;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vqforge.runner.report.CodeCounts;
import org.vqforge.runner.report.MetricsLog;
import org.vqforge.runner.study.Trial;
import org.vqforge.runner.study.TrialState;
import org.vqforge.runner.train.RunDirectory;

/**
 * Reads a trial's results from its run directory: eval.json (PSNR, SSIM, usage, perplexity),
 * metrics.jsonl (final loss, images/s, the loss curve), codes.json, trial.json (status, wall time).
 */
public final class ResultsReader {

    private static final Gson GSON = new Gson();

    private ResultsReader() {}

    public static TrialResult read(Trial trial, Path dir) {
        TrialState state = TrialState.read(dir).orElse(null);
        String status = state == null ? TrialState.FAILED : state.status();
        String error = state == null ? "never ran" : state.error();
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<double[]> curve = new ArrayList<>();
        long[] counts = new long[0];
        RunDirectory run = new RunDirectory(dir);
        try {
            if (state != null && state.completed()) {
                JsonObject eval = GSON.fromJson(Files.readString(run.evaluation()), JsonObject.class);
                for (Metric m : List.of(Metric.PSNR, Metric.SSIM, Metric.USAGE, Metric.PERPLEXITY)) {
                    metrics.put(m.key(), eval.get(m.key()).getAsDouble());
                }
                MetricsLog log = MetricsLog.read(run.metrics());
                curve.addAll(log.series("loss"));
                if (!log.rows().isEmpty()) {
                    Map<String, Double> last = log.rows().get(log.rows().size() - 1);
                    metrics.put(Metric.FINAL_LOSS.key(), required(last, "loss"));
                    if (last.containsKey("loss_reconstruction")) {
                        metrics.put(Metric.FINAL_RECONSTRUCTION_LOSS.key(), last.get("loss_reconstruction"));
                    }
                    metrics.put(Metric.IMAGES_PER_S.key(), required(last, "images_per_s"));
                }
                metrics.put(Metric.WALL_S.key(), state.wallSeconds());
                Path codes = dir.resolve(RunDirectory.CODES);
                if (Files.isRegularFile(codes)) {
                    counts = CodeCounts.read(codes).counts();
                }
            }
        } catch (IOException | RuntimeException e) {
            status = TrialState.FAILED;
            error = "unreadable results: " + e;
            metrics.clear();
        }
        Path grid = Files.isRegularFile(run.reconstructions()) ? run.reconstructions() : null;
        return new TrialResult(trial.id(), trial.cell(), trial.labels(), trial.seed(), status, metrics, error, curve,
                counts, grid, dir);
    }

    private static double required(Map<String, Double> row, String key) throws IOException {
        Double value = row.get(key);
        if (value == null) {
            throw new IOException(RunDirectory.METRICS + " has no \"" + key + "\" at step " + row.get("step"));
        }
        return value;
    }
}
