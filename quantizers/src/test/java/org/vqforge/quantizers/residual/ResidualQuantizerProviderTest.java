package org.vqforge.quantizers.residual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterType;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.api.testkit.TestBuildContext;

class ResidualQuantizerProviderTest {

    private final ResidualQuantizerProvider provider = new ResidualQuantizerProvider();
    private final ParameterSchema schema = provider.schema();

    @Test
    void defaultsAreTwoSeparateLevelsOfVqWithoutDropout() {
        Parameters p = schema.defaults();
        assertEquals(2, p.getInt("levels"));
        assertEquals(false, p.getBoolean("sharedCodebook"));
        assertEquals(false, p.getBoolean("quantizeDropout"));
        assertEquals(ParameterType.PLUGIN, schema.spec("inner").orElseThrow().type());
        assertEquals(QuantizerProvider.class, schema.spec("inner").orElseThrow().pluginPoint());
        assertEquals("vq", schema.spec("inner").orElseThrow().defaultValue());
    }

    @Test
    void rejectsZeroLevelsNamingTheKey() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("levels", 0), problems);
        assertEquals(1, problems.size());
        assertEquals("levels", problems.get(0).key());
        assertTrue(problems.get(0).message().contains("[1, +inf)"), problems.get(0).message());
        List<ConfigProblem> none = new ArrayList<>();
        schema.resolve(Map.of("levels", 1, "quantizeDropout", true), none);
        assertEquals(List.of(), none);
        assertEquals(List.of(), provider.check(schema.defaults(), TestBuildContext.FASHION_MNIST));
    }

    @Test
    void buildsItsLevelsThroughTheContextFromTheNestedConfig() {
        try (NestingBuildContext context = new NestingBuildContext()) {
            Parameters p = schema.with(Map.of("levels", 3, "quantizeDropout", true))
                    .with("inner", InnerVq.config(16, 0.5));
            ResidualQuantizer rq = assertInstanceOf(ResidualQuantizer.class, provider.create(p, 8, context));
            assertEquals(3, rq.levels());
            assertEquals(3, context.built().size());
            assertEquals(16, rq.codebookSize());
            assertEquals(8, rq.dimension());
            assertTrue(rq.quantizeDropout());
            for (var inner : context.built()) {
                assertEquals(8, inner.dimension());
                assertEquals(16, inner.codebookSize());
            }
        }
    }
}
