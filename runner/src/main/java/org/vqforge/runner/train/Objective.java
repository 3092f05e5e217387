package org.vqforge.runner.train;

import java.util.Optional;
import org.vqforge.api.loss.ReconstructionLoss;

/**
 * The losses a run optimises, built from the {@code loss} section.
 *
 * @param reconstruction the pixel-space reconstruction loss
 * @param perceptual a feature-space reconstruction loss, or null for none
 * @param adversary the discriminator and GAN objective of a vqgan, or null for a vqvae
 */
public record Objective(ReconstructionLoss reconstruction, ReconstructionLoss perceptual, Adversary adversary) {

    public Optional<ReconstructionLoss> optionalPerceptual() {
        return Optional.ofNullable(perceptual);
    }

    public Optional<Adversary> optionalAdversary() {
        return Optional.ofNullable(adversary);
    }
}
