package org.vqforge.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vqforge.api.backend.Backend;

/**
 * VQGAN's adaptive weight of the generator's adversarial term, computed exactly, and the backward
 * passes that apply it.
 *
 * <p>{@code adaptive = clamp(||grad_W rec|| / (||grad_W adv|| + 1e-4), 0, 1e4) * discWeight}, a
 * constant in the gradient, where {@code W} is the decoder's output layer weight, {@code rec} the
 * weighted reconstruction terms (pixel plus perceptual) and {@code adv} the generator's
 * adversarial loss. Both gradients need a backward pass over one graph, and the weight is known
 * only after the second, so:
 *
 * <ol>
 *   <li>backward(rec, keep graph); copy grad_W;
 *   <li>backward(codebook terms, keep graph), which adds their gradients (none of them reaches W);
 *   <li>copy every generator gradient aside and zero them;
 *   <li>backward(adv); grad_W is now adv's alone;
 *   <li>every generator gradient := saved + adaptive * discFactor * current.
 * </ol>
 *
 * The result is the gradient of {@code rec + codebook + adaptive * discFactor * adv} with the
 * weight held constant, up to float rounding of one multiply-add per element. The discriminator's
 * parameters also receive adv's gradient in step 4; the caller zeroes them.
 */
public final class AdaptiveWeight {

    /** Keeps the ratio finite when the adversarial gradient vanishes. */
    public static final double EPSILON = 1e-4;
    /** Upper clamp of the ratio. */
    public static final double MAX = 1e4;

    private AdaptiveWeight() {}

    /** The adaptive weight from the two gradient norms. */
    public static double of(double reconstructionNorm, double adversarialNorm, double discWeight) {
        double ratio = reconstructionNorm / (adversarialNorm + EPSILON);
        return Math.min(Math.max(ratio, 0.0), MAX) * discWeight;
    }

    /**
     * Runs the backward passes described above inside an open gradient collector.
     *
     * @param reconstruction the weighted reconstruction terms (pixel + perceptual), a scalar
     * @param codebook the weighted quantizer terms, or null when the quantizer has none
     * @param adversarial the generator's adversarial loss, unweighted
     * @param outputWeight W, the decoder's output layer weight
     * @param generator every trainable generator parameter (W among them)
     * @param scratch a per-step manager for the copies
     * @return the adaptive weight (discWeight included, discFactor not)
     */
    public static double backward(Backend backend, NDArray reconstruction, NDArray codebook, NDArray adversarial,
            Parameter outputWeight, Collection<Parameter> generator, double discWeight, double discFactor,
            NDManager scratch) {
        backend.backwardKeepingGraph(reconstruction);
        double reconstructionNorm = gradientNorm(outputWeight);
        if (codebook != null) {
            backend.backwardKeepingGraph(codebook);
        }
        List<NDArray> saved = new ArrayList<>(generator.size());
        for (Parameter p : generator) {
            try (NDArray grad = p.getArray().getGradient()) {
                NDArray copy = grad.duplicate();
                copy.attach(scratch);
                saved.add(copy);
            }
            backend.zeroGradient(p.getArray());
        }
        backend.backward(adversarial);
        double adversarialNorm = gradientNorm(outputWeight);
        double adaptive = of(reconstructionNorm, adversarialNorm, discWeight);
        float factor = (float) (adaptive * discFactor);
        int i = 0;
        for (Parameter p : generator) {
            try (NDArray grad = p.getArray().getGradient()) {
                grad.muli(factor).addi(saved.get(i++));
            }
        }
        return adaptive;
    }

    /** The L2 norm of a parameter's gradient, in double precision on the Java side of the sum. */
    static double gradientNorm(Parameter p) {
        try (NDArray grad = p.getArray().getGradient(); NDArray square = grad.square(); NDArray sum = square.sum()) {
            return Math.sqrt(sum.getFloat());
        }
    }
}
