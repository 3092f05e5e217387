package org.vqforge.quantizers.gumbel;

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
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.TestBuildContext;

class GumbelQuantizerProviderTest {

    private final GumbelQuantizerProvider provider = new GumbelQuantizerProvider();
    private final ParameterSchema schema = provider.schema();

    @Test
    void defaultsMatchTheReference() {
        Parameters p = schema.defaults();
        assertEquals(512, p.getInt("codebookSize"));
        assertEquals(5e-4, p.getDouble("klWeight"));
        assertEquals(false, p.getBoolean("hard"));
        assertEquals("constant", p.getString("tauSchedule"));
        assertEquals(1.0, p.getDouble("tauStart"));
        assertEquals(1.0, p.getDouble("tauEnd"));
        assertEquals(0, p.getInt("tauSteps"));
    }

    @Test
    void schemaRejectsOutOfRangeValues() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("codebookSize", 0, "klWeight", -1e-3, "tauSchedule", "exponential",
                "tauStart", 0.0, "tauEnd", -1.0, "tauSteps", -1), problems);
        assertEquals(List.of("codebookSize", "klWeight", "tauEnd", "tauSchedule", "tauStart", "tauSteps"),
                problems.stream().map(ConfigProblem::key).sorted().toList());
        ConfigProblem schedule = problems.stream().filter(p -> p.key().equals("tauSchedule")).findFirst().orElseThrow();
        assertTrue(schedule.message().contains("cosine"), schedule.message());
    }

    @Test
    void buildsAQuantizerWithTheConfiguredSchedule() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            GumbelQuantizer gumbel = assertInstanceOf(GumbelQuantizer.class, provider.create(schema.with(Map.of(
                    "codebookSize", "64", "tauSchedule", "cosine", "tauStart", 2.0, "tauEnd", 0.5, "tauSteps", 10)),
                    16, context));
            assertEquals(64, gumbel.codebookSize());
            assertEquals(16, gumbel.dimension());
            assertEquals(new TauSchedule(TauSchedule.Shape.COSINE, 2, 0.5, 10), gumbel.tau());
            assertEquals(1.25, gumbel.tau().at(new StepInfo(true, 5, 100)), 1e-12);
        }
    }
}
