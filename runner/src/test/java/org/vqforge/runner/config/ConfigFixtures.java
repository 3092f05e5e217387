package org.vqforge.runner.config;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.discovery.ServiceFilesLoader;

/** The fixture plugins (cpu, conv-resnet, vq, residual, ouroboros, mse, l1, greedy) and small helpers. */
final class ConfigFixtures {

    static final Plugins PLUGINS = Plugins.discover(new ServiceFilesLoader("config/plugins"));

    private ConfigFixtures() {}

    static ConfigResolver resolver() {
        return Recipes.resolver(PLUGINS);
    }

    static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigException fails(Executable resolve) {
        return assertThrows(ConfigException.class, resolve);
    }

    /** The problem at {@code key}; fails listing all problems when there is none. */
    static ConfigProblem problemAt(ConfigException e, String key) {
        return e.problems().stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + key + " in:\n" + e.getMessage()));
    }

    static List<String> keys(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::key).collect(Collectors.toList());
    }
}
