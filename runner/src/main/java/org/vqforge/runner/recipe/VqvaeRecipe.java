package org.vqforge.runner.recipe;

import com.google.inject.Module;
import java.util.List;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.runner.config.DataSpec;
import org.vqforge.runner.config.DatasetShapes;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.config.LossSpec;
import org.vqforge.runner.config.ModelSpec;
import org.vqforge.runner.config.Section;
import org.vqforge.runner.config.Slot;
import org.vqforge.runner.report.RunSections;
import org.vqforge.runner.report.TokenizerPage;

/**
 * {@code model.type: vqvae}: encoder, quantizer and decoder trained on a reconstruction loss (plus
 * an optional perceptual one) and the quantizer's own terms, with Adam.
 */
public final class VqvaeRecipe implements ModelRecipe {

    /** The model section of every tokenizer: its latent width and its three networks. */
    static final Section MODEL = Section.of("model", ModelSpec.SCHEMA).withSlots(
            Slot.network(ModelSpec.ENCODER, NetworkRole.ENCODER, "conv-resnet"),
            Slot.quantizer(ModelSpec.QUANTIZER, "vq"),
            Slot.network(ModelSpec.DECODER, NetworkRole.DECODER, "conv-resnet"));

    /** The loss section of every tokenizer; {@code loss.perceptual} is off ({@code none}) by default. */
    static final Section LOSS = Section.of("loss", LossSpec.SCHEMA).withSlots(
            Slot.loss(LossSpec.RECONSTRUCTION, LossKind.RECONSTRUCTION, "mse", LossSpec.RECONSTRUCTION_KEYS),
            Slot.loss(LossSpec.PERCEPTUAL, LossKind.RECONSTRUCTION, Slot.NONE, LossSpec.PERCEPTUAL_KEYS).orNone());

    /** Adam's moment decays for a vqvae: PyTorch's defaults. */
    static final ParameterSchema OPTIMIZER = ParameterSchema.builder()
            .realBelow("beta1", 0.9, 0.0, 1.0, "Adam's first-moment decay")
            .realBelow("beta2", 0.999, 0.0, 1.0, "Adam's second-moment decay")
            .build();

    @Override
    public String name() {
        return "vqvae";
    }

    @Override
    public String description() {
        return "autoencoder";
    }

    @Override
    public List<Section> sections() {
        return List.of(MODEL, LOSS, Section.of("train", OPTIMIZER));
    }

    @Override
    public ModelShapes shapes(DataSpec data, Parameters model) {
        return DatasetShapes.of(data, model.getInt("latentChannels"));
    }

    @Override
    public RunSections pageSections() {
        return new TokenizerPage();
    }

    @Override
    public Module module(Experiment experiment) {
        return new TokenizerModule(experiment);
    }
}
