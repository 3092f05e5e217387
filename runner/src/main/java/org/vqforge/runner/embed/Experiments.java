package org.vqforge.runner.embed;

import org.vqforge.runner.recipe.Recipes;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.discovery.PluginPath;
import org.vqforge.runner.discovery.PluginProblem;
import org.vqforge.runner.discovery.Plugins;

/** Where an embedding program starts: an experiment file, resolved and checked as {@code vqf train} does. */
public final class Experiments {

    private Experiments() {}

    /**
     * Reads {@code config} (.yaml, .yml or .properties), applies {@code overrides} ({@code key=value},
     * {@code ~key}), finds the plugins (VQF_PLUGINS included) and checks everything, before anything is
     * built. Notices (a broken plugin, parameters dropped with a retyped slot) go to standard error.
     *
     * @throws org.vqforge.runner.config.ConfigException listing every problem, each with the file and key
     */
    public static ConfiguredExperiment load(Path config, List<String> overrides) {
        return load(config, overrides, System.err::println);
    }

    /** As {@link #load(Path, List)}, with the notices sent to {@code notices}. */
    public static ConfiguredExperiment load(Path config, List<String> overrides, Consumer<String> notices) {
        return configure(discover(notices), config, overrides, notices);
    }

    /** The plugins of this process, after checking VQF_PLUGINS; a provider that fails to load is a notice. */
    public static Plugins discover(Consumer<String> notices) {
        PluginPath.check(System.getenv(PluginPath.VARIABLE));
        Plugins plugins = Plugins.discover();
        for (PluginProblem p : plugins.problems()) {
            notices.accept("warning: " + p);
        }
        return plugins;
    }

    /** {@code config} with {@code overrides}, resolved against {@code plugins}. */
    public static ConfiguredExperiment configure(Plugins plugins, Path config, List<String> overrides,
            Consumer<String> notices) {
        return new ConfiguredExperiment(plugins, config, Recipes.resolver(plugins, notices).resolve(config, overrides));
    }
}
