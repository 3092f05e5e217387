package org.vqforge.runner.config;

import java.util.Optional;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.PluginConfig;

/**
 * The {@code loss} section of a tokenizer.
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

    /** The runner's keys of the {@code loss} section (beside its slots). */
    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .real("codebookWeight", 1.0, 0.0, null, "weight of the quantizer's own loss")
            .build();

    /** Keys of {@code loss.reconstruction} that belong to the runner, beside the loss plugin's own. */
    public static final ParameterSchema RECONSTRUCTION_KEYS = ParameterSchema.builder()
            .real("weight", 1.0, 0.0, null, "weight of the reconstruction loss in the total")
            .build();

    /** Keys of {@code loss.perceptual} that belong to the runner. */
    public static final ParameterSchema PERCEPTUAL_KEYS = ParameterSchema.builder()
            .real("weight", 1.0, 0.0, null, "weight of the perceptual loss in the total")
            .build();

    public static final String RECONSTRUCTION = "loss.reconstruction";
    public static final String PERCEPTUAL = "loss.perceptual";
    public static final String ADVERSARIAL = "loss.adversarial";

    /** Reconstruction and codebook terms only. */
    public LossSpec(PluginConfig reconstruction, double reconstructionWeight, double codebookWeight) {
        this(reconstruction, reconstructionWeight, codebookWeight, null, 1.0, null);
    }

    /** The spec of a resolved tokenizer's {@code loss} section. */
    public static LossSpec from(ResolvedValues values) {
        return new LossSpec(values.plugin(RECONSTRUCTION), values.slotKeys(RECONSTRUCTION).getDouble("weight"),
                values.keys("loss").getDouble("codebookWeight"), values.optionalPlugin(PERCEPTUAL).orElse(null),
                values.slotKeys(PERCEPTUAL).getDouble("weight"),
                values.optionalPlugin(ADVERSARIAL)
                        .map(loss -> AdversarialSpec.from(loss, values.slotKeys(ADVERSARIAL))).orElse(null));
    }

    public Optional<PluginConfig> optionalPerceptual() {
        return Optional.ofNullable(perceptual);
    }

    public Optional<AdversarialSpec> optionalAdversarial() {
        return Optional.ofNullable(adversarial);
    }
}
