package org.vqforge.architectures.vqgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.testkit.TestBuildContext;

class VqganProvidersTest {

    private static final ModelShapes FASHION_MNIST = TestBuildContext.FASHION_MNIST;
    private final ArchitectureProvider provider = new VqganEncoderProvider();

    private List<ConfigProblem> check(Map<String, ?> overrides) {
        return provider.check(provider.schema().with(overrides), FASHION_MNIST);
    }

    private static List<String> keys(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::key).toList();
    }

    @Test
    void bothAreFoundByTheServiceLoaderWithTheirRoles() {
        List<String> names = new ArrayList<>();
        for (var p : ServiceLoader.load(ArchitectureProvider.class).stream().toList()) {
            names.add(p.type().getAnnotation(Plugin.class).name());
        }
        assertTrue(names.containsAll(List.of("vqgan-encoder", "vqgan-decoder", "patchgan")), names.toString());
        assertEquals(java.util.Set.of(NetworkRole.ENCODER), new VqganEncoderProvider().roles());
        assertEquals(java.util.Set.of(NetworkRole.DECODER), new VqganDecoderProvider().roles());
    }

    @Test
    void defaultsAreTheSmallTamingModel() {
        Parameters p = provider.schema().defaults();
        assertEquals(Map.of("ch", 64, "chMult", List.of(1, 2), "numResBlocks", 1, "attnResolutions", List.of(),
                "zChannels", 0, "dropout", 0.0, "groups", 32), p.asMap());
        assertEquals(p.asMap(), new VqganDecoderProvider().schema().defaults().asMap());
        assertEquals(List.of(), provider.check(p, FASHION_MNIST));
    }

    @Test
    void schemaRejectsOutOfRangeValuesNamingTheKey() {
        List<ConfigProblem> problems = new ArrayList<>();
        provider.schema().resolve(Map.of("ch", 0, "chMult", List.of(), "dropout", 1.5, "numResBlocks", 0,
                "attnResolutions", List.of(0), "groups", 0, "zChannels", -1), problems);
        assertEquals(List.of("attnResolutions", "ch", "chMult", "dropout", "groups", "numResBlocks", "zChannels"),
                keys(problems).stream().sorted().toList());
        List<ConfigProblem> one = new ArrayList<>();
        provider.schema().resolve(Map.of("dropout", 1.0), one);
        assertEquals(List.of("dropout"), keys(one), "dropout 1 would drop everything");
        assertTrue(one.get(0).message().contains("[0, 1)"), one.toString());
    }

    @Test
    void checkRejectsMoreHalvingsThanTheImageTakes() {
        assertEquals(List.of(), check(Map.of("chMult", List.of(1, 2, 2))));
        List<ConfigProblem> problems = check(Map.of("chMult", List.of(1, 1, 2, 2)));
        assertEquals(List.of("chMult"), keys(problems));
        String message = problems.get(0).message();
        assertTrue(message.contains("28x28 -> 14x14 -> 7x7") && message.contains("at most 3"), message);
        assertEquals(List.of("chMult"), keys(provider.check(provider.schema().defaults(), new ModelShapes(1, 28, 27, 8))));
    }

    @Test
    void checkRejectsAttentionAtASizeNoLevelHas() {
        List<ConfigProblem> problems = check(Map.of("attnResolutions", List.of(14, 7)));
        assertEquals(List.of("attnResolutions"), keys(problems));
        assertTrue(problems.get(0).message().contains("7 is no level's size")
                && problems.get(0).message().contains("[28, 14]"), problems.toString());
        assertEquals(List.of(), check(Map.of("attnResolutions", List.of(28, 14))));
    }

    @Test
    void checkRejectsLatentChannelsOtherThanTheModels() {
        assertEquals(List.of(), check(Map.of("zChannels", 64)));
        List<ConfigProblem> problems = check(Map.of("zChannels", 16));
        assertEquals(List.of("zChannels"), keys(problems));
        assertTrue(problems.get(0).message().contains("model.latentChannels = 64"), problems.toString());
    }

    @Test
    void createRefusesWhatCheckRejects() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Parameters bad = provider.schema().with(Map.of("attnResolutions", List.of(5)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> provider.create(NetworkRole.ENCODER, bad, context));
            assertTrue(e.getMessage().contains("attnResolutions"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> new VqganDecoderProvider().create(NetworkRole.DECODER, bad, context));
        }
    }
}
