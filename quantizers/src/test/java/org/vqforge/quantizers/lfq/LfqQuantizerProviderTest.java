package org.vqforge.quantizers.lfq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.testkit.TestBuildContext;

class LfqQuantizerProviderTest {

    private final LfqQuantizerProvider provider = new LfqQuantizerProvider();
    private final ParameterSchema schema = provider.schema();

    @Test
    void defaults() {
        Parameters p = schema.defaults();
        assertEquals(9, p.getInt("codebookBits"));
        assertEquals(0.1, p.getDouble("entropyWeight"));
        assertEquals(0.25, p.getDouble("commitmentWeight"));
        assertEquals(1.0, p.getDouble("gamma"));
        assertEquals(0.01, p.getDouble("temperature"));
    }

    @Test
    void schemaRejectsOutOfRangeValues() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("codebookBits", 0, "entropyWeight", -0.1, "commitmentWeight", -1,
                "gamma", -0.5, "temperature", 0.0), problems);
        assertEquals(List.of("codebookBits", "commitmentWeight", "entropyWeight", "gamma", "temperature"),
                problems.stream().map(ConfigProblem::key).sorted().toList());
        List<ConfigProblem> tooMany = new ArrayList<>();
        schema.resolve(Map.of("codebookBits", 31), tooMany);
        assertEquals(List.of("codebookBits"), tooMany.stream().map(ConfigProblem::key).toList());
    }

    @Test
    void checkRefusesACodebookWhoseDistributionWouldNotFitAndSaysToLowerTheBits() {
        List<ConfigProblem> problems = provider.check(schema.with(Map.of("codebookBits", 15)),
                TestBuildContext.FASHION_MNIST);
        assertEquals(1, problems.size());
        ConfigProblem problem = problems.get(0);
        assertEquals("codebookBits", problem.key());
        assertTrue(problem.message().contains("lower codebookBits to at most 14"), problem.message());
        assertTrue(problem.message().contains("32768 codes"), problem.message());
        assertEquals(List.of(), provider.check(schema.with(Map.of("codebookBits", 14)), TestBuildContext.FASHION_MNIST));
        assertEquals(1, provider.check(schema.with(Map.of("codebookBits", 30)), TestBuildContext.FASHION_MNIST).size());
    }

    @Test
    void buildsAQuantizerWithTheGivenSettings() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            LfqQuantizer lfq = assertInstanceOf(LfqQuantizer.class,
                    provider.create(schema.with(Map.of("codebookBits", "10")), 64, context));
            assertEquals(1024, lfq.codebookSize());
            assertEquals(64, lfq.dimension());
            assertTrue(lfq.projects());
        }
    }
}
