package org.vqforge.quantizers.gumbel;

import java.util.Locale;
import org.vqforge.api.quantizer.StepInfo;

/**
 * The Gumbel-softmax temperature over training. With t = min(1, step / steps) (steps = 0: the
 * run's total steps): constant tau = start; linear tau = start + (end - start) t; cosine tau =
 * end + (start - end)(1 + cos(pi t))/2.
 *
 * @param shape how tau moves
 * @param start tau at step 0, > 0
 * @param end tau from {@code steps} on (unused by {@link Shape#CONSTANT}), > 0
 * @param steps steps to go from start to end; 0 means the run's total steps
 */
public record TauSchedule(Shape shape, double start, double end, long steps) {

    /** How tau moves from start to end. */
    public enum Shape {
        CONSTANT, LINEAR, COSINE;

        /** The config spelling. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a config spelling. */
        public static Shape of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    public TauSchedule {
        if (shape == null || !(start > 0) || !(end > 0) || steps < 0) {
            throw new IllegalArgumentException("need a shape, start > 0, end > 0, steps >= 0; got "
                    + shape + ", " + start + ", " + end + ", " + steps);
        }
    }

    /** A fixed temperature. */
    public static TauSchedule constant(double tau) {
        return new TauSchedule(Shape.CONSTANT, tau, tau, 0);
    }

    /** Tau at a training step (evaluation does not sample, so it has no temperature). */
    public double at(StepInfo step) {
        double t = steps == 0 ? step.progress() : Math.min(1.0, Math.max(0.0, (double) step.step() / steps));
        switch (shape) {
            case LINEAR:
                return start + (end - start) * t;
            case COSINE:
                return end + (start - end) * (1 + Math.cos(Math.PI * t)) / 2;
            default:
                return start;
        }
    }
}
