package org.vqforge.quantizers.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.api.testkit.TestBuildContext;
import org.vqforge.quantizers.residual.InnerVq;
import org.vqforge.quantizers.residual.NestingBuildContext;

class ProductQuantizerProviderTest {

    private final ProductQuantizerProvider provider = new ProductQuantizerProvider();
    private final ParameterSchema schema = provider.schema();

    @Test
    void defaultsAreTwoSeparateHeadsOfVq() {
        Parameters p = schema.defaults();
        assertEquals(2, p.getInt("heads"));
        assertEquals(false, p.getBoolean("sharedCodebook"));
        assertEquals("vq", schema.spec("inner").orElseThrow().defaultValue());
        assertEquals(QuantizerProvider.class, schema.spec("inner").orElseThrow().pluginPoint());
    }

    @Test
    void checkRefusesHeadsThatDoNotDivideTheLatentChannelsNamingTheAllowedValues() {
        List<ConfigProblem> problems = provider.check(schema.with(Map.of("heads", 3)), TestBuildContext.FASHION_MNIST);
        assertEquals(1, problems.size());
        assertEquals("heads", problems.get(0).key());
        assertTrue(problems.get(0).message().contains("3 does not divide the 64 latent channels"), problems.get(0).message());
        assertTrue(problems.get(0).message().endsWith("allowed: 1, 2, 4, 8, 16, 32, 64"), problems.get(0).message());
        for (int heads : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            assertEquals(List.of(), provider.check(schema.with(Map.of("heads", heads)), TestBuildContext.FASHION_MNIST));
        }
        assertEquals(1, provider.check(schema.with(Map.of("heads", 128)), TestBuildContext.FASHION_MNIST).size());
        assertEquals("1, 2, 3, 4, 6, 12", ProductQuantizerProvider.divisors(12));
        assertEquals(List.of(), provider.check(schema.with(Map.of("heads", 3)), new ModelShapes(1, 28, 28, 48)));
    }

    @Test
    void rejectsZeroHeadsInTheSchema() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("heads", 0), problems);
        assertEquals(List.of("heads"), problems.stream().map(ConfigProblem::key).toList());
    }

    @Test
    void buildsItsHeadsThroughTheContextAndRefusesAnIndivisibleDimension() {
        try (NestingBuildContext context = new NestingBuildContext()) {
            Parameters p = schema.with(Map.of("heads", 4)).with("inner", InnerVq.config(32, 0.25));
            ProductQuantizer pq = assertInstanceOf(ProductQuantizer.class, provider.create(p, 64, context));
            assertEquals(4, pq.heads());
            assertEquals(4, context.built().size());
            assertEquals(16, context.built().get(0).dimension());
            assertEquals(32, pq.codebookSize());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.create(p, 6, context));
            assertTrue(e.getMessage().startsWith("heads: 4 does not divide the 6 channels"), e.getMessage());
        }
    }
}
