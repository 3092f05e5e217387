package org.vqforge.losses.perceptual;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.api.loss.ReconstructionLoss;
import org.vqforge.api.plugin.EngineConstants;

/**
 * An LPIPS-style distance (Zhang et al. 2018) through a frozen feature network, without LPIPS's
 * learned channel weights: for each stage, both images' activations are unit-normalised along
 * channels, and the squared differences are averaged over channels, positions and the batch; the
 * result is the mean over stages.
 */
final class PerceptualLoss implements ReconstructionLoss {

    /** LPIPS's epsilon of the normalisation, {@code x / (||x|| + eps)}. */
    private static final float NORMALISE_EPSILON = 1e-10f;

    /**
     * Added under the square root: ReLU features are often zero in every channel at a position,
     * where sqrt's derivative is infinite and the chain rule gives 0 * inf = NaN. Today the ReLU's
     * own backward discards those NaNs; the floor keeps the loss from relying on it, and changes a
     * norm by at most 1e-10.
     */
    private static final float SQUARED_NORM_FLOOR = 1e-20f;

    private final FeatureNetwork network;

    PerceptualLoss(FeatureNetwork network) {
        this.network = network;
    }

    /** The frozen network the distance is measured through. */
    FeatureNetwork network() {
        return network;
    }

    @Override
    public NDArray compute(NDArray reconstruction, NDArray target) {
        if (!reconstruction.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException("reconstruction " + reconstruction.getShape()
                    + " and target " + target.getShape() + " differ in shape");
        }
        List<NDArray> reconstructed = network.layerFeatures(reconstruction);
        List<NDArray> original = network.layerFeatures(target);
        NDArray total = null;
        for (int l = 0; l < reconstructed.size(); l++) {
            NDArray term = unitNormalised(reconstructed.get(l)).sub(unitNormalised(original.get(l))).square().mean();
            total = total == null ? term : total.add(term);
        }
        return EngineConstants.times(total, 1.0 / reconstructed.size());
    }

    /** {@code x / (||x||_2 over channels + eps)} at every position of (B, C, H, W) features. */
    private static NDArray unitNormalised(NDArray features) {
        NDArray norms = features.square().sum(new int[] {1}, true).add(SQUARED_NORM_FLOOR).sqrt()
                .add(NORMALISE_EPSILON);
        return features.div(norms);
    }
}
