package org.vqforge.runner.recipe;

import ai.djl.ndarray.NDManager;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.prior.PriorProvider;
import org.vqforge.api.prior.TokenLayout;
import org.vqforge.runner.config.DataSpec;
import org.vqforge.runner.config.DatasetShapes;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.config.ResolvedValues;
import org.vqforge.runner.config.Section;
import org.vqforge.runner.config.Slot;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.model.ModelAssembler;
import org.vqforge.runner.model.PriorModel;
import org.vqforge.runner.prior.PriorData;
import org.vqforge.runner.prior.PriorReport;
import org.vqforge.runner.prior.PriorSpec;
import org.vqforge.runner.prior.PriorTrainingLoop;
import org.vqforge.runner.report.PriorPage;
import org.vqforge.runner.report.RunSections;
import org.vqforge.runner.tokens.Tokenizer;
import org.vqforge.runner.tokens.TokenizerRuns;
import org.vqforge.runner.train.FinalReport;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.Trainer;

/**
 * {@code model.type: prior}: a stage-2 model over the code indices of a trained tokenizer run
 * ({@code model.tokenizer}), the {@code model.prior} plugin trained on cross-entropy with AdamW.
 */
public final class PriorRecipe implements ModelRecipe {

    /** The {@code model.type} of a prior. */
    public static final String NAME = "prior";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "autoregressive model over a tokenizer run's codes";
    }

    @Override
    public List<Section> sections() {
        return List.of(
                Section.of("model", PriorSpec.SCHEMA).withSlots(Slot.of(PriorSpec.SLOT, PriorProvider.class,
                        "transformer")),
                Section.of("train", PriorSpec.OPTIMIZER));
    }

    /** The tokenizer must be a trained run (a config and a checkpoint) before anything is built. */
    @Override
    public List<ConfigProblem> check(DataSpec data, ResolvedValues values) {
        List<ConfigProblem> problems = new ArrayList<>();
        Parameters model = values.keys("model");
        String tokenizer = model.getString("tokenizer");
        Path given = Path.of(tokenizer);
        RunDirectory run = new RunDirectory(given);
        if (tokenizer.isBlank()) {
            problems.add(new ConfigProblem("model.tokenizer", "a prior needs the run directory of a trained tokenizer, "
                    + "e.g. model.tokenizer: runs/vqvae-fashion-mnist (./vqf train configs/vqvae-fashion-mnist.yaml)"));
        } else if (!run.exists()) {
            problems.add(new ConfigProblem("model.tokenizer", given + (Files.isDirectory(given)
                    ? " is not a run directory (no " + RunDirectory.CONFIG + ")" : " does not exist")));
        } else if (run.latestCheckpoint().isEmpty()) {
            problems.add(new ConfigProblem("model.tokenizer", given + " has no checkpoint yet: train it first"));
        }
        String tokens = model.getString("tokens");
        if (!tokens.isBlank() && !Files.isRegularFile(Path.of(tokens))) {
            problems.add(new ConfigProblem("model.tokens", tokens + " is not a file (vqf encode " + tokenizer
                    + " --split train writes one)"));
        }
        return problems;
    }

    /** A prior has no latent channels of its own; its plugins see the dataset's images. */
    @Override
    public ModelShapes shapes(DataSpec data, Parameters model) {
        return DatasetShapes.of(data, 1);
    }

    @Override
    public Module module(Experiment experiment) {
        return new PriorModule(experiment);
    }

    @Override
    public RunSections pageSections() {
        return new PriorPage();
    }

    private static final class PriorModule extends AbstractModule {

        private final Experiment experiment;

        PriorModule(Experiment experiment) {
            this.experiment = experiment;
        }

        @Override
        protected void configure() {
            bind(Trainer.class).to(PriorTrainingLoop.class);
            bind(FinalReport.class).to(PriorReport.class);
        }

        @Provides
        @Singleton
        Tokenizer tokenizer(TokenizerRuns runs) throws IOException {
            return runs.open(Path.of(PriorSpec.from(experiment).tokenizer()));
        }

        @Provides
        @Singleton
        TokenLayout layout(Tokenizer tokenizer) {
            return PriorData.layout(experiment, tokenizer);
        }

        @Provides
        @Singleton
        PriorData data(Tokenizer tokenizer, TokenLayout layout) {
            return PriorData.load(experiment, tokenizer, layout);
        }

        @Provides
        @Singleton
        PriorModel model(Plugins plugins, Backend backend, TokenLayout layout) {
            PluginConfig config = PriorSpec.from(experiment).prior();
            NDManager manager = backend.newManager();
            backend.seed(experiment.train().seed());
            var context = ModelAssembler.context(experiment, plugins, backend, manager);
            return new PriorModel(manager, plugins.priors().get(config.type()).create(config.params(), layout,
                    context));
        }
    }
}
