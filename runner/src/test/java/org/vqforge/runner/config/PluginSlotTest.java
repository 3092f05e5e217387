package org.vqforge.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.PLUGINS;
import static org.vqforge.runner.config.ConfigFixtures.fails;
import static org.vqforge.runner.config.ConfigFixtures.keys;
import static org.vqforge.runner.config.ConfigFixtures.problemAt;
import static org.vqforge.runner.config.ConfigFixtures.resolver;
import static org.vqforge.runner.config.ConfigFixtures.write;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.plugin.PluginConfig;

/** Plugin slots: type, parameters, nested plugins, runner-owned keys. */
class PluginSlotTest {

    @TempDir
    Path dir;

    @Test
    void nestedPluginsGetTheirDefaultsWhenOnlyTheOuterTypeIsGiven() {
        Experiment e = resolver().resolveTree(Map.of("model", Map.of("quantizer", Map.of("type", "residual"))), "t");

        PluginConfig quantizer = e.model().quantizer();
        assertEquals("residual", quantizer.type());
        assertEquals(2, quantizer.params().getInt("depth"));
        assertEquals(new PluginConfig("vq", PLUGINS.quantizers().schema("vq").defaults()),
                quantizer.params().getPlugin("inner"));
        Map<?, ?> tree = (Map<?, ?>) ((Map<?, ?>) e.resolved().get("model")).get("quantizer");
        assertEquals(List.of("type", "depth", "inner"), List.copyOf(tree.keySet()));
        assertEquals("vq", ((Map<?, ?>) tree.get("inner")).get("type"));
        assertEquals(512, ((Map<?, ?>) tree.get("inner")).get("codebookSize"));
    }

    @Test
    void pluginsNestInsidePluginsToAnyReasonableDepth() {
        Experiment e = resolver().resolve(write(dir, "nested.yaml", String.join("\n",
                "model:",
                "  quantizer:",
                "    type: residual",
                "    inner:",
                "      type: residual",
                "      depth: 4",
                "      inner:",
                "        type: VQ",
                "        codebookSize: 8")), List.of("model.quantizer.inner.inner.beta=0.5"));

        PluginConfig middle = e.model().quantizer().params().getPlugin("inner");
        PluginConfig innermost = middle.params().getPlugin("inner");
        assertEquals(4, middle.params().getInt("depth"));
        assertEquals("vq", innermost.type());
        assertEquals(8, innermost.params().getInt("codebookSize"));
        assertEquals(0.5, innermost.params().getDouble("beta"));
    }

    @Test
    void problemsInsideNestedPluginsCarryTheirFullKey() {
        ConfigException e = fails(() -> resolver().resolveTree(Map.of("model", Map.of("quantizer", Map.of(
                "type", "residual",
                "inner", Map.of("codebookSize", 1, "colour", "red")))), "t"));

        assertEquals(List.of("model.quantizer.inner.colour", "model.quantizer.inner.codebookSize"), keys(e));
        assertEquals("1 is outside [2, 65536]", problemAt(e, "model.quantizer.inner.codebookSize").message());
        assertTrue(problemAt(e, "model.quantizer.inner.colour").message()
                .contains("known keys of model.quantizer.inner (vq): type, codebookSize"), e.getMessage());
    }

    @Test
    void anUnknownNestedPluginIsReportedAtItsTypeKey() {
        ConfigException e = fails(() -> resolver().resolveTree(Map.of(
                "model.quantizer.type", "residual", "model.quantizer.inner.type", "resdual"), "t"));

        assertEquals("unknown quantizer 'resdual'; did you mean 'residual'? available: ouroboros, residual, vq",
                problemAt(e, "model.quantizer.inner.type").message());
    }

    @Test
    void aPluginNestingItselfByDefaultStopsWithAProblem() {
        ConfigException e = fails(() -> resolver().resolveTree(Map.of("model.quantizer.type", "ouroboros"), "t"));

        String deepest = "model.quantizer" + ".inner".repeat(SlotResolver.MAX_DEPTH + 1);
        assertEquals(List.of(deepest), keys(e));
        assertTrue(problemAt(e, deepest).message().startsWith("plugins nested more than 8 deep"), e.getMessage());
    }

    @Test
    void theReconstructionSlotHasTheRunnersWeightBesideThePluginsParameters() {
        Experiment e = resolver().resolveTree(Map.of("loss", Map.of("reconstruction",
                Map.of("type", "l1", "weight", 2.5, "reduction", "sum"))), "t");

        assertEquals(2.5, e.loss().reconstructionWeight());
        assertEquals(Map.of("reduction", "sum"), e.loss().reconstruction().params().asMap(),
                "the runner's key is not passed to the plugin");
        assertEquals(Map.of("type", "l1", "weight", 2.5, "reduction", "sum"),
                ((Map<?, ?>) e.resolved().get("loss")).get("reconstruction"));
    }

    @Test
    void theRunnersWeightIsOnlyKnownUnderTheReconstructionSlot() {
        ConfigException e = fails(() -> resolver().resolveTree(Map.of("model.quantizer.weight", 1.0), "t"));

        assertEquals(List.of("model.quantizer.weight"), keys(e));
    }

    @Test
    void pluginTypeIsCaseInsensitiveAndStoredAsDeclared() {
        Experiment e = resolver().resolveTree(Map.of("model.encoder.type", "Conv-ResNet", "backend.type", "CPU"), "t");

        assertEquals("conv-resnet", e.model().encoder().type());
        assertEquals("cpu", e.backend().type());
        assertEquals("conv-resnet", ((Map<?, ?>) ((Map<?, ?>) e.resolved().get("model")).get("encoder")).get("type"));
    }
}
