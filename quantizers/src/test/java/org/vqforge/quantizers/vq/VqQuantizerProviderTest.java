package org.vqforge.quantizers.vq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.vqforge.api.testkit.TestBuildContext;

class VqQuantizerProviderTest {

    private final ParameterSchema schema = new VqQuantizerProvider().schema();

    @Test
    void isFoundByTheServiceLoaderUnderItsName() {
        List<String> names = new ArrayList<>();
        for (ServiceLoader.Provider<QuantizerProvider> p : ServiceLoader.load(QuantizerProvider.class).stream().toList()) {
            names.add(p.type().getAnnotation(Plugin.class).name());
        }
        assertTrue(names.contains("vq"), names.toString());
    }

    @Test
    void defaultsMatchTheReference() {
        Parameters p = schema.defaults();
        assertEquals(512, p.getInt("codebookSize"));
        assertEquals(0.25, p.getDouble("beta"));
    }

    @Test
    void rejectsAnEmptyCodebookAndANegativeBeta() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("codebookSize", 0, "beta", -0.1), problems);
        assertEquals(List.of("beta", "codebookSize"), problems.stream().map(ConfigProblem::key).sorted().toList());
        List<ConfigProblem> none = new ArrayList<>();
        schema.resolve(Map.of("codebookSize", 1, "beta", 0.0), none);
        assertEquals(List.of(), none);
    }

    @Test
    void buildsAQuantizerWithTheGivenSizes() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Quantizer q = new VqQuantizerProvider().create(
                    schema.with(Map.of("codebookSize", "64", "beta", 0.5)), 16, context);
            VqQuantizer vq = assertInstanceOf(VqQuantizer.class, q);
            assertEquals(64, vq.codebookSize());
            assertEquals(16, vq.dimension());
            assertEquals(0.5f, vq.beta());
        }
    }
}
