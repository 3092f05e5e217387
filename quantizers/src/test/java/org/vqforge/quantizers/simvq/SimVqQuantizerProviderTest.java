package org.vqforge.quantizers.simvq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.testkit.TestBuildContext;

class SimVqQuantizerProviderTest {

    private final ParameterSchema schema = new SimVqQuantizerProvider().schema();

    @Test
    void defaultsAreThePapers() {
        assertEquals(512, schema.defaults().getInt("codebookSize"));
        assertEquals(0.25, schema.defaults().getDouble("beta"));
    }

    @Test
    void rejectsAnEmptyCodebookAndANegativeBeta() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("codebookSize", 0, "beta", -0.1), problems);
        assertEquals(List.of("beta", "codebookSize"), problems.stream().map(ConfigProblem::key).sorted().toList());
    }

    @Test
    void buildsAQuantizerWithTheGivenSizes() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            SimVqQuantizer q = assertInstanceOf(SimVqQuantizer.class, new SimVqQuantizerProvider().create(
                    schema.with(Map.of("codebookSize", 64, "beta", 0.5)), 16, context));
            assertEquals(64, q.codebookSize());
            assertEquals(16, q.dimension());
            assertEquals(0.5f, q.beta());
        }
    }
}
