package org.vqforge.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.ParameterType;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.api.testkit.QuantizerContract;
import org.vqforge.quantizers.residual.NestingBuildContext;

/**
 * Every quantizer this module provides, found as the runner finds it and built with its schema's
 * defaults (plus the options that change its state: k-means, restarts), passes the api's quantizer
 * compatibility kit.
 */
class QuantizerContractTest {

    /** 8 latent channels on a 4x4 grid: every default divides it (product heads, fsq/lfq projections). */
    private static final Shape LATENTS = new Shape(2, 8, 4, 4);

    static Stream<Arguments> quantizers() {
        return Stream.of(
                Arguments.of("vq", Map.of()),
                Arguments.of("vq", Map.of("init", "kmeans", "deadCodeThreshold", 1.0, "codebookSize", 16)),
                Arguments.of("vq", Map.of("distance", "cosine", "codebookDim", 4, "rotationTrick", true)),
                Arguments.of("ema", Map.of()),
                Arguments.of("simvq", Map.of()),
                Arguments.of("gumbel", Map.of()),
                Arguments.of("fsq", Map.of()),
                Arguments.of("lfq", Map.of()),
                Arguments.of("residual", Map.of()),
                Arguments.of("product", Map.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("quantizers")
    void passesTheQuantizerCompatibilityKit(String name, Map<String, Object> params) {
        QuantizerProvider provider = provider(name);
        try (NestingBuildContext context = new NestingBuildContext()) {
            QuantizerContract.verify(context, provider, withDefaultInnerPlugins(provider, params), LATENTS);
        }
    }

    /** The parameters, with each nested quantizer (residual's and product's {@code inner}) its default plugin's defaults, as the runner resolves them. */
    private static Parameters withDefaultInnerPlugins(QuantizerProvider provider, Map<String, Object> params) {
        Parameters resolved = provider.schema().with(params);
        for (ParameterSpec spec : provider.schema().specs()) {
            if (spec.type() == ParameterType.PLUGIN) {
                String inner = (String) spec.defaultValue();
                resolved = resolved.with(spec.name(), new PluginConfig(inner, provider(inner).schema().defaults()));
            }
        }
        return resolved;
    }

    private static QuantizerProvider provider(String name) {
        return ServiceLoader.load(QuantizerProvider.class).stream()
                .filter(p -> p.type().getAnnotation(Plugin.class).name().equals(name))
                .findFirst().orElseThrow().get();
    }

    @Test
    void everyProviderOfTheModuleIsCovered() {
        Set<String> covered = new TreeSet<>();
        quantizers().forEach(a -> covered.add((String) a.get()[0]));
        Set<String> provided = new TreeSet<>();
        ServiceLoader.load(QuantizerProvider.class).stream()
                .forEach(p -> provided.add(p.type().getAnnotation(Plugin.class).name()));
        assertEquals(provided, covered, "quantizers the kit does not run over");
    }
}
