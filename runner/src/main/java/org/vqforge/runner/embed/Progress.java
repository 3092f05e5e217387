package org.vqforge.runner.embed;

import java.util.Map;

/**
 * What one training step measured.
 *
 * @param step the 1-based number of completed steps
 * @param totalSteps the steps the run will take
 * @param loss the total loss
 * @param terms the weighted loss terms by name ({@code reconstruction}, and the quantizer's)
 * @param metrics the quantizer's batch metrics ({@code perplexity}, {@code usage}, ...)
 * @param imagesPerSecond training throughput since the run (or its resume) started
 * @param elapsedSeconds wall time since the run (or its resume) started
 */
public record Progress(long step, long totalSteps, double loss, Map<String, Double> terms,
        Map<String, Double> metrics, double imagesPerSecond, double elapsedSeconds) {

    public Progress {
        terms = Map.copyOf(terms);
        metrics = Map.copyOf(metrics);
    }
}
