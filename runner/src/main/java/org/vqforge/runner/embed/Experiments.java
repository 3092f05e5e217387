package org.vqforge.runner.embed;

import java.nio.file.Path;
import java.util.List;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.discovery.Plugins;

/** Where an embedding program starts: an experiment file, resolved and checked as {@code vqf train} does. */
public final class Experiments {

    private Experiments() {}

    /**
     * Reads {@code config} (.yaml, .yml or .properties), applies {@code overrides} ({@code key=value},
     * {@code ~key}), finds the plugins and checks everything, before anything is built.
     *
     * @throws org.vqforge.runner.config.ConfigException listing every problem, each with the file and key
     */
    public static ConfiguredExperiment load(Path config, List<String> overrides) {
        Plugins plugins = Plugins.discover();
        return new ConfiguredExperiment(plugins, config, new ConfigResolver(plugins).resolve(config, overrides));
    }
}
