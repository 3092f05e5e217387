package org.vqforge.losses.pixel;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.vqforge.api.loss.ReconstructionLoss;

/** The mean over all elements of a per-element penalty on reconstruction - target. */
final class PixelLoss implements ReconstructionLoss {

    private final UnaryOperator<NDArray> penalty;

    PixelLoss(UnaryOperator<NDArray> penalty) {
        this.penalty = penalty;
    }

    /** Mean squared error, as {@code F.mse_loss}. */
    static PixelLoss meanSquared() {
        return new PixelLoss(NDArray::square);
    }

    /** Mean absolute error, as {@code F.l1_loss}. */
    static PixelLoss meanAbsolute() {
        return new PixelLoss(NDArray::abs);
    }

    @Override
    public NDArray compute(NDArray reconstruction, NDArray target) {
        if (!reconstruction.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("reconstruction " + reconstruction.getShape()
                    + " and target " + target.getShape() + " differ in shape");
        }
        return penalty.apply(reconstruction.sub(target)).mean();
    }
}
