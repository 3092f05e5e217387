package org.vqforge.runner.config;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.vqforge.runner.discovery.Plugins;

/** Every example config resolves with the built-in plugins, so a plugin change cannot break one unnoticed. */
class ExampleConfigsTest {

    @Test
    void everyQuantizerConfigResolvesWithItsOwnQuantizer() throws IOException {
        ConfigResolver resolver = Recipes.resolver(Plugins.discover());
        List<Path> configs;
        try (Stream<Path> files = Files.list(Path.of("../configs/quantizers"))) {
            configs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(configs.size() >= 9, configs.toString());
        for (Path config : configs) {
            Experiment e = resolver.resolve(config, List.of());
            String name = config.getFileName().toString().replace(".yaml", "");
            assertTrue(name.startsWith(e.model().quantizer().type()), config + " trains " + e.model().quantizer().type());
        }
    }

    @Test
    void theSimVqExampleUsesThePapersDefaults() {
        Experiment e = Recipes.resolver(Plugins.discover()).resolve(Path.of("../configs/quantizers/simvq.yaml"),
                List.of());
        assertEquals("simvq", e.model().quantizer().type());
        assertEquals(512, e.model().quantizer().params().getInt("codebookSize"));
        assertEquals(0.25, e.model().quantizer().params().getDouble("beta"));
    }
}
