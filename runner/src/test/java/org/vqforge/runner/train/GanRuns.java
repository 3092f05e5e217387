package org.vqforge.runner.train;

import org.vqforge.runner.recipe.Recipes;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.wiring.RunnerModule;

/**
 * Small vqgan runs for the loop's tests: the real backend, conv-resnet, vq and mse plugins, and two
 * test doubles (test-critic, test-hinge) so the loop is tested apart from the patchgan and hinge
 * plugins. 64 Fashion-MNIST training images, 28x28 latents halved once, 4 latent channels.
 */
final class GanRuns {

    static final Plugins PLUGINS = Plugins.discover(new WithTestServices("train/plugins"));

    private GanRuns() {}

    static Experiment experiment(String... overrides) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment.name", "gan-test");
        config.put("backend.threads", 1);
        config.put("data.trainLimit", 64);
        config.put("data.testLimit", 16);
        config.put("model.type", "vqgan");
        config.put("model.latentChannels", 4);
        for (String part : List.of("encoder", "decoder")) {
            config.put("model." + part + ".type", "conv-resnet");
            config.put("model." + part + ".channels", 8);
            config.put("model." + part + ".downsamplings", 1);
            config.put("model." + part + ".resBlocks", 1);
            config.put("model." + part + ".resHidden", 4);
        }
        config.put("model.quantizer.type", "vq");
        config.put("model.quantizer.codebookSize", 16);
        config.put("model.discriminator.type", "test-critic");
        config.put("loss.adversarial.type", "test-hinge");
        config.put("loss.adversarial.discStart", 2);
        config.put("train.steps", 4);
        config.put("train.batchSize", 16);
        config.put("train.logEvery", 1);
        config.put("train.evalBatchSize", 32);
        for (String override : overrides) {
            int eq = override.indexOf('=');
            config.put(override.substring(0, eq), override.substring(eq + 1));
        }
        return Recipes.resolver(PLUGINS).resolveTree(config, "gan-test");
    }

    /** The injector of a run without the progress bar or final report: metrics and checkpoints only. */
    static Injector injector(Experiment experiment, Path runDir) {
        try {
            java.nio.file.Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Guice.createInjector(
                new RunnerModule(PLUGINS, experiment, new RunDirectory(runDir), "test", RunnerModule.Listeners.NONE,
                        new DatasetLocator()),
                binder -> {
                    Multibinder<TrainingListener> set = Multibinder.newSetBinder(binder, TrainingListener.class);
                    set.addBinding().to(MetricsLogListener.class);
                    set.addBinding().to(CheckpointListener.class);
                });
    }

    static TrainingLoop train(Experiment experiment, Path runDir) throws IOException {
        TrainingLoop loop = injector(experiment, runDir).getInstance(TrainingLoop.class);
        loop.run();
        return loop;
    }

    /** The class path's service files plus those under one test resource folder: real plugins and test doubles. */
    static final class WithTestServices extends ClassLoader {

        private final String folder;

        WithTestServices(String folder) {
            super("with-" + folder, GanRuns.class.getClassLoader());
            this.folder = folder + "/";
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (!name.startsWith("META-INF/services/")) {
                return super.getResources(name);
            }
            List<URL> all = new ArrayList<>(Collections.list(getParent().getResources(name)));
            all.addAll(Collections.list(getParent().getResources(folder + name)));
            return Collections.enumeration(all);
        }
    }
}
