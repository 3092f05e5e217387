package org.vqforge.runner.config;

import java.util.Optional;
import org.vqforge.api.plugin.PluginConfig;

/**
 * The {@code loss} section.
 *
 * @param reconstruction the reconstruction loss plugin
 * @param reconstructionWeight its weight in the total loss ({@code loss.reconstruction.weight})
 * @param codebookWeight the weight of the quantizer's own loss
 * @param perceptual the perceptual loss plugin (a reconstruction-kind loss); null for {@code type: none}
 * @param perceptualWeight its weight ({@code loss.perceptual.weight}), used only with a plugin
 * @param adversarial the adversarial loss and its settings; null for a vqvae
 */
public record LossSpec(PluginConfig reconstruction, double reconstructionWeight, double codebookWeight,
        PluginConfig perceptual, double perceptualWeight, AdversarialSpec adversarial) {

    /** Reconstruction and codebook terms only. */
    public LossSpec(PluginConfig reconstruction, double reconstructionWeight, double codebookWeight) {
        this(reconstruction, reconstructionWeight, codebookWeight, null, 1.0, null);
    }

    public Optional<PluginConfig> optionalPerceptual() {
        return Optional.ofNullable(perceptual);
    }

    public Optional<AdversarialSpec> optionalAdversarial() {
        return Optional.ofNullable(adversarial);
    }
}
