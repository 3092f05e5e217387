package org.vqforge.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.PLUGINS;
import static org.vqforge.runner.config.ConfigFixtures.fails;
import static org.vqforge.runner.config.ConfigFixtures.problemAt;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.runner.recipe.Recipes;

/**
 * A model type is its declarations: the resolver resolves a type it has never seen (here a toy one,
 * declared in this test) from them alone, in their order, with the runner's sections around it.
 */
class ModelTypeDeclarationTest {

    /** A type with one key and one network slot of its own, and one train key defaulting to another. */
    static final ModelType TOY = new ModelType() {
        @Override
        public String name() {
            return "toy";
        }

        @Override
        public String description() {
            return "a test type";
        }

        @Override
        public List<Section> sections() {
            return List.of(
                    Section.of("model", ParameterSchema.builder()
                            .integer("width", 4, 1, 64, "latent channels").build())
                            .withSlots(Slot.network("model.net", NetworkRole.ENCODER, "conv-resnet")),
                    Section.of("train", ParameterSchema.builder()
                            .positive("slowRate", 1.0, 10.0, "default: train.learningRate").build())
                            .resumable("slowRate"));
        }

        @Override
        public Map<String, String> defaultsFromKeys() {
            return Map.of("train.slowRate", "train.learningRate");
        }

        @Override
        public ModelShapes shapes(DataSpec data, Parameters model) {
            return DatasetShapes.of(data, model.getInt("width"));
        }
    };

    static final ConfigResolver RESOLVER = new ConfigResolver(PLUGINS,
            new ModelTypes(List.of(Recipes.of("vqvae"), TOY)));

    @Test
    void aNewTypeResolvesFromItsDeclarationsInTheirOrder() {
        Experiment e = RESOLVER.resolveTree(Map.of("model", Map.of("type", "toy", "width", 8),
                "train", Map.of("learningRate", 0.01)), "toy.yaml");
        assertEquals("toy", e.type());
        assertEquals(List.of("experiment", "backend", "data", "model", "train", "eval"), List.copyOf(e.resolved().keySet()));
        Map<?, ?> model = (Map<?, ?>) e.resolved().get("model");
        assertEquals(List.of("type", "width", "net"), List.copyOf(model.keySet()));
        assertEquals("conv-resnet", ((Map<?, ?>) model.get("net")).get("type"));
        assertEquals(8, e.shapes().latentChannels());
        Map<?, ?> train = (Map<?, ?>) e.resolved().get("train");
        assertEquals(0.01, train.get("slowRate"), "a key defaulting to another takes its value");
        List<?> keys = List.copyOf(train.keySet());
        assertEquals("slowRate", keys.get(keys.size() - 1), "the type's train keys follow the runner's");
        assertEquals(Set.of("train.steps", "train.epochs", "train.slowRate", "eval.featureNetwork"),
                RunnerSchema.resumableKeys(TOY));
    }

    @Test
    void anotherTypesKeysAreNamedAndTheSlotsRoleIsChecked() {
        ConfigException e = fails(() -> RESOLVER.resolveTree(Map.of("model", Map.of("type", "vqvae", "width", 8)),
                "plain.yaml"));
        assertTrue(problemAt(e, "model.width").message().contains("only a model.type toy has this key"),
                e.getMessage());
        ConfigException role = fails(() -> RESOLVER.resolveTree(Map.of("model", Map.of("type", "toy",
                "net", Map.of("type", "patchgan"))), "toy.yaml"));
        assertTrue(problemAt(role, "model.net.type").message().contains("cannot be an encoder"), role.getMessage());
        ConfigException unknown = fails(() -> RESOLVER.resolveTree(Map.of("model", Map.of("type", "toys")),
                "toy.yaml"));
        assertTrue(problemAt(unknown, "model.type").message().contains("[vqvae, toy]"), unknown.getMessage());
    }

    @Test
    void declarationsThatCannotWorkFailFast() {
        assertThrows(IllegalArgumentException.class, () -> new ModelTypes(List.of(TOY, TOY)));
        assertThrows(IllegalArgumentException.class,
                () -> Section.of("train", ParameterSchema.empty()).resumable("steps"));
        assertThrows(IllegalArgumentException.class,
                () -> Section.of("loss", ParameterSchema.empty()).withSlots(Slot.network("model.x", NetworkRole.ENCODER, "a")));
        assertFalse(Recipes.TYPES.names().contains("toy"));
    }
}
