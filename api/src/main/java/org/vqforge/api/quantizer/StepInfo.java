package org.vqforge.api.quantizer;

/**
 * Where training stands when a quantizer is called, for schedules (Gumbel temperature, quantize
 * dropout) and state updates (EMA) that happen only in training.
 *
 * @param training true in a training step, false in evaluation (no state changes, no sampling)
 * @param step the 0-based optimisation step
 * @param totalSteps the number of steps the run will take
 */
public record StepInfo(boolean training, long step, long totalSteps) {

    /** An evaluation call. */
    public static StepInfo evaluation() {
        return new StepInfo(false, 0, 1);
    }

    /** Fraction of training done, in [0, 1]. */
    public double progress() {
        return totalSteps <= 0 ? 1.0 : Math.min(1.0, Math.max(0.0, (double) step / totalSteps));
    }
}
