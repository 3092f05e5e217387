package org.example.randomcodebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.api.testkit.QuantizerContract;
import org.vqforge.api.testkit.TestBuildContext;

/** What vqf sees before building anything: the name, the schema, and the service registration. */
class RandomCodebookQuantizerProviderTest {

    private final ParameterSchema schema = new RandomCodebookQuantizerProvider().schema();

    private List<ConfigProblem> problemsWith(Map<String, ?> raw) {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(raw, problems);
        return problems;
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        Parameters defaults = schema.defaults();
        assertEquals(256, defaults.getInt("codebookSize"));
        assertEquals(0.25, defaults.getDouble("beta"));
        assertEquals(1.0, defaults.getDouble("scale"));
    }

    @Test
    void schemaRejectsOutOfRangeValuesNamingTheKey() {
        List<ConfigProblem> problems = problemsWith(Map.of("codebookSize", 0));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("codebookSize", problems.get(0).key());

        assertEquals("scale", problemsWith(Map.of("scale", "0")).get(0).key(), "scale must be > 0");
        assertEquals("beta", problemsWith(Map.of("beta", -0.1)).get(0).key(), "beta must be >= 0");
        // the bounds themselves: codebookSize 1 and beta 0 are allowed
        assertEquals(List.of(), problemsWith(Map.of("codebookSize", 1, "beta", 0.0, "scale", 1e-3)));
    }

    @Test
    void passesTheQuantizerCompatibilityKit() {
        // one call checks every contract vqf relies on: lookup, index shape, evaluation, memory, save/load
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            RandomCodebookQuantizerProvider provider = new RandomCodebookQuantizerProvider();
            QuantizerContract.verify(context, provider, schema.with(Map.of("codebookSize", 16)), new Shape(2, 8, 4, 4));
        }
    }

    @Test
    void createBuildsAQuantizerSizedByTheParameters() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Parameters params = schema.with(Map.of("codebookSize", "32", "scale", 2.0));
            Quantizer quantizer = new RandomCodebookQuantizerProvider().create(params, 16, context);
            assertEquals(16, quantizer.dimension());
            assertEquals(32, quantizer.codebookSize());
            quantizer.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 16, 7, 7));
            assertShape(((RandomCodebookQuantizer) quantizer).codebook().getArray(), 32, 16);
        }
    }

    @Test
    void serviceLoaderFindsTheProviderByItsPluginName() {
        // on the class path through META-INF/services; on vqf's module path through module-info
        List<Class<? extends QuantizerProvider>> found = new ArrayList<>();
        ServiceLoader.load(QuantizerProvider.class).stream().forEach(p -> found.add(p.type()));
        assertTrue(found.contains(RandomCodebookQuantizerProvider.class), "found " + found);

        Plugin plugin = RandomCodebookQuantizerProvider.class.getAnnotation(Plugin.class);
        assertEquals("random-codebook", plugin.name());
        assertTrue(plugin.name().matches(Plugin.NAME_PATTERN));
    }
}
