package org.vqforge.runner.recipe;

import ai.djl.ndarray.NDManager;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.api.loss.Loss;
import org.vqforge.api.loss.ReconstructionLoss;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.config.LossSpec;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.model.ModelAssembler;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.train.Adversary;
import org.vqforge.runner.train.FinalReport;
import org.vqforge.runner.train.Objective;
import org.vqforge.runner.train.TokenizerReport;
import org.vqforge.runner.train.Trainer;
import org.vqforge.runner.train.TrainingLoop;

/**
 * A tokenizer's (vqvae's, vqgan's) bindings: the model assembled from its plugins, its losses (for a
 * vqgan with the discriminator), the training loop and the final report (evaluation, reconstructions). Plugins know nothing of Guice: they are
 * looked up by name here and built through their providers.
 */
final class TokenizerModule extends AbstractModule {

    private final Experiment experiment;

    TokenizerModule(Experiment experiment) {
        this.experiment = experiment;
    }

    @Override
    protected void configure() {
        bind(Trainer.class).to(TrainingLoop.class);
        bind(FinalReport.class).to(TokenizerReport.class);
    }

    @Provides
    @Singleton
    VqModel model(Plugins plugins, Backend backend) {
        NDManager manager = backend.newManager();
        return ModelAssembler.assemble(experiment, plugins, backend, manager);
    }

    @Provides
    @Singleton
    ReconstructionLoss reconstructionLoss(Plugins plugins, Backend backend, VqModel model) {
        return loss(experiment.loss().reconstruction(), LossSpec.RECONSTRUCTION, ReconstructionLoss.class, plugins,
                backend, model);
    }

    /**
     * The losses of the run; for a vqgan also its discriminator, built on the model's manager after
     * the generator.
     */
    @Provides
    @Singleton
    Objective objective(Plugins plugins, Backend backend, VqModel model, ReconstructionLoss reconstruction) {
        ReconstructionLoss perceptual = experiment.loss().optionalPerceptual()
                .map(c -> loss(c, LossSpec.PERCEPTUAL, ReconstructionLoss.class, plugins, backend, model))
                .orElse(null);
        Adversary adversary = experiment.loss().optionalAdversarial()
                .map(spec -> new Adversary(
                        ModelAssembler.discriminator(experiment, plugins, backend, model.manager()),
                        loss(spec.loss(), LossSpec.ADVERSARIAL, AdversarialLoss.class, plugins, backend, model), spec))
                .orElse(null);
        return new Objective(reconstruction, perceptual, adversary);
    }

    private <L extends Loss> L loss(PluginConfig config, String key, Class<L> kind, Plugins plugins, Backend backend,
            VqModel model) {
        Loss loss = plugins.losses().get(config.type()).create(config.params(),
                ModelAssembler.context(experiment, plugins, backend, model.manager()));
        if (!kind.isInstance(loss)) {
            throw new IllegalArgumentException(key + ".type: '" + config.type() + "' is not a "
                    + (kind == AdversarialLoss.class ? "n adversarial" : " reconstruction") + " loss");
        }
        return kind.cast(loss);
    }
}
