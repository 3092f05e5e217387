package org.vqforge.quantizers.ema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.testkit.TestBuildContext;
import org.vqforge.quantizers.common.CodebookOptions;

class EmaQuantizerProviderTest {

    private final ParameterSchema schema = new EmaQuantizerProvider().schema();

    @Test
    void defaultsAreThePeers() {
        Parameters p = schema.defaults();
        assertEquals(512, p.getInt("codebookSize"));
        assertEquals(0.25, p.getDouble("beta"));
        assertEquals(0.99, p.getDouble("decay"));
        assertEquals(1e-5, p.getDouble("eps"));
        assertEquals("normal", p.getString("init"));
        assertEquals(10, p.getInt("kmeansIterations"));
        assertEquals(0.0, p.getDouble("deadCodeThreshold"));
    }

    private List<String> problemKeys(Map<String, ?> raw) {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(raw, problems);
        return problems.stream().map(ConfigProblem::key).sorted().toList();
    }

    @Test
    void rejectsValuesOutsideTheirRanges() {
        assertEquals(List.of("decay"), problemKeys(Map.of("decay", 0.0)));
        assertEquals(List.of("decay"), problemKeys(Map.of("decay", 1.0)));
        assertEquals(List.of("codebookSize"), problemKeys(Map.of("codebookSize", 0)));
        assertEquals(List.of("eps"), problemKeys(Map.of("eps", 0.0)));
        assertEquals(List.of("deadCodeThreshold", "init", "kmeansIterations"),
                problemKeys(Map.of("deadCodeThreshold", -1.0, "init", "uniform", "kmeansIterations", -1)));
        assertEquals(List.of(), problemKeys(Map.of("decay", 0.5, "codebookSize", 1, "eps", 1e-9, "init", "kmeans")));
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("decay", 1.0), problems);
        assertEquals("1 is outside (0, 1)", problems.get(0).message(), "names the open range");
    }

    @Test
    void buildsAQuantizerWithTheGivenSettings() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            EmaQuantizer ema = assertInstanceOf(EmaQuantizer.class, new EmaQuantizerProvider().create(
                    schema.with(Map.of("codebookSize", "64", "beta", 0.5, "decay", 0.9, "eps", 0.001,
                            "init", "kmeans", "kmeansIterations", 4, "deadCodeThreshold", 0.5)), 16, context));
            assertEquals(64, ema.codebookSize());
            assertEquals(16, ema.dimension());
            assertEquals(0.5f, ema.beta());
            assertEquals(0.9f, ema.decay());
            assertEquals(0.001f, ema.eps());
            assertEquals(new CodebookOptions(true, 4, 0.5), ema.options());
        }
    }
}
