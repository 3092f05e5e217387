package org.vqforge.runner.study.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one trial produced, read back from its run directory.
 *
 * @param id the trial
 * @param cell its combination of axis values
 * @param labels axis name to value label
 * @param seed its seed
 * @param status completed or failed
 * @param metrics each {@link Metric#key()} to its value; absent for a failed trial
 * @param error why it failed, or null
 * @param lossCurve logged (step, loss) pairs
 * @param codeCounts how often each code was chosen on the test set; empty when unknown
 * @param reconstructions the reconstruction grid, or null
 * @param runDirectory where it is
 */
public record TrialResult(String id, String cell, Map<String, String> labels, long seed, String status,
        Map<String, Double> metrics, String error, List<double[]> lossCurve, long[] codeCounts, Path reconstructions,
        Path runDirectory) {

    public boolean completed() {
        return "completed".equals(status);
    }

    public double metric(Metric m) {
        return metrics.getOrDefault(m.key(), Double.NaN);
    }
}
