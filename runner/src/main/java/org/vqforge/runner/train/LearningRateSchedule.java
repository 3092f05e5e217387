package org.vqforge.runner.train;

import org.vqforge.runner.config.TrainSpec;

/**
 * The learning rate of each step: a linear warm-up to the peak, then constant or half a cosine
 * down to a floor at the last step (Loshchilov and Hutter's SGDR without restarts). A pure
 * function of the step, so a resumed run uses the same rates as one that never stopped.
 *
 * @param peak the rate after the warm-up ({@code train.learningRate})
 * @param minimum where the cosine ends ({@code train.minLearningRate})
 * @param warmupSteps steps of the linear rise; 0 for none
 * @param cosine whether the rate decays after the warm-up
 * @param totalSteps the run's length
 */
public record LearningRateSchedule(double peak, double minimum, long warmupSteps, boolean cosine, long totalSteps) {

    public LearningRateSchedule {
        if (!(peak > 0) || minimum < 0 || minimum > peak || warmupSteps < 0 || totalSteps < 0) {
            throw new IllegalArgumentException("need 0 <= minimum <= peak, peak > 0, warmupSteps >= 0 and "
                    + "totalSteps >= 0; got " + minimum + ", " + peak + ", " + warmupSteps + ", " + totalSteps);
        }
    }

    /** The schedule {@code train} describes for a run of {@code totalSteps}. */
    public static LearningRateSchedule of(TrainSpec train, long totalSteps) {
        return new LearningRateSchedule(train.learningRate(), train.minLearningRate(), train.warmupSteps(),
                TrainSpec.COSINE.equals(train.schedule()), totalSteps);
    }

    /** Whether every step uses the peak rate (no warm-up, no decay): the optimiser's own constant rate. */
    public boolean isConstant() {
        return warmupSteps == 0 && !cosine;
    }

    /**
     * The rate of step {@code step} (0-based): {@code peak * (step + 1) / warmupSteps} during the
     * warm-up, then {@code minimum + (peak - minimum) (1 + cos(pi t)) / 2} with t running from 0 at
     * the first step after the warm-up to 1 at the last step.
     */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        if (!cosine) {
            return peak;
        }
        long decaySteps = totalSteps - warmupSteps - 1;
        double t = decaySteps <= 0 ? 1.0 : Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return minimum + (peak - minimum) * 0.5 * (1 + Math.cos(Math.PI * t));
    }

    /** The rate of step {@code step} as a fraction of the peak, for an optimiser with another peak. */
    public double factor(long step) {
        return rate(step) / peak;
    }
}
