package org.vqforge.quantizers.vq;

import ai.djl.ndarray.NDArray;
import org.vqforge.quantizers.common.UnitVectors;

/**
 * The rotation trick (Fifty et al., 2024, "Restructuring Vector Quantization with the Rotation
 * Trick"): the decoder receives q~ = sg(s R) z, where R is the rotation that carries the direction
 * of z onto the direction of its code q, and s = ||q|| / ||z||. Its value is q; its gradient with
 * respect to z is s R^T applied to the upstream gradient, so a latent learns according to where
 * it sits relative to its code, not the plain copy of straight-through.
 *
 * <p>With e = z / ||z||, q^ = q / ||q|| and r = (e + q^) / ||e + q^||, the rotation is
 * R = I - 2 r r^T + 2 q^ e^T (a reflection through r followed by one through q^): R e = e -
 * (e + q^) + 2 q^ = q^, since 2 (r.e) r = e + q^. Applied without forming the D x D matrix:
 * R z = z - 2 r (r.z) + 2 q^ (e.z).
 */
final class RotationTrick {

    private RotationTrick() {}

    /**
     * q~ for latents and codes of the same shape, vectors along axis 1.
     *
     * @param latents z, differentiable
     * @param codes q, the chosen codes (their gradient is not taken here)
     */
    static NDArray apply(NDArray latents, NDArray codes) {
        NDArray z = latents.stopGradient();
        NDArray q = codes.stopGradient();
        NDArray zNorm = UnitVectors.norm(z, 1);
        NDArray qNorm = UnitVectors.norm(q, 1);
        NDArray e = z.div(zNorm);
        NDArray qHat = q.div(qNorm);
        NDArray r = UnitVectors.normalize(e.add(qHat), 1);
        NDArray scale = qNorm.div(zNorm);
        // only `latents` is live: s, r, q^ and e are constants of the backward pass
        NDArray rDotZ = r.mul(latents).sum(new int[] {1}, true);
        NDArray eDotZ = e.mul(latents).sum(new int[] {1}, true);
        NDArray rotated = latents.sub(r.mul(2).mul(rDotZ)).add(qHat.mul(2).mul(eDotZ)).mul(scale);
        // s R z equals q up to rounding (and when z and q point in opposite directions r is
        // ill-conditioned): correct the value to q without touching the gradient
        return rotated.add(q.sub(rotated.stopGradient()));
    }
}
