package org.vqforge.runner.recipe;

import com.google.inject.Module;
import java.util.List;
import java.util.Map;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.runner.config.AdversarialSpec;
import org.vqforge.runner.config.DataSpec;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.config.LossSpec;
import org.vqforge.runner.config.ModelSpec;
import org.vqforge.runner.config.Section;
import org.vqforge.runner.config.Slot;
import org.vqforge.runner.report.RunSections;
import org.vqforge.runner.report.TokenizerPage;

/**
 * {@code model.type: vqgan}: a vqvae trained against a discriminator (Esser et al. 2021): the
 * discriminator's slot, the adversarial loss with its weighting keys, and a second optimiser.
 */
public final class VqganRecipe implements ModelRecipe {

    /**
     * Adam's moment decays for a vqgan (taming's 0.5, 0.9, for both optimisers) and the
     * discriminator's learning rate, whose default is {@code train.learningRate}.
     */
    static final ParameterSchema OPTIMIZER = ParameterSchema.builder()
            .realBelow("beta1", 0.5, 0.0, 1.0, "Adam's first-moment decay (both optimisers)")
            .realBelow("beta2", 0.9, 0.0, 1.0, "Adam's second-moment decay (both optimisers)")
            .positive("discLearningRate", 1e-3, 10.0, "the discriminator's learning rate; default: train.learningRate")
            .build();

    /** The autoencoder this extends. */
    private final VqvaeRecipe autoencoder = new VqvaeRecipe();

    @Override
    public String name() {
        return "vqgan";
    }

    @Override
    public String description() {
        return "autoencoder trained against a discriminator";
    }

    @Override
    public List<Section> sections() {
        return List.of(
                VqvaeRecipe.MODEL.withSlots(
                        Slot.network(ModelSpec.DISCRIMINATOR, NetworkRole.DISCRIMINATOR, "patchgan")),
                VqvaeRecipe.LOSS.withSlots(
                        Slot.loss(LossSpec.ADVERSARIAL, LossKind.ADVERSARIAL, "hinge", AdversarialSpec.KEYS)),
                Section.of("train", OPTIMIZER));
    }

    @Override
    public Map<String, String> defaultsFromKeys() {
        return Map.of("train.discLearningRate", "train.learningRate");
    }

    @Override
    public ModelShapes shapes(DataSpec data, Parameters model) {
        return autoencoder.shapes(data, model);
    }

    @Override
    public RunSections pageSections() {
        return new TokenizerPage();
    }

    @Override
    public Module module(Experiment experiment) {
        return autoencoder.module(experiment);
    }
}
