package org.vqforge.quantizers.vq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.testkit.TestBuildContext;

class VqQuantizerProviderTest {

    private final ParameterSchema schema = new VqQuantizerProvider().schema();

    @Test
    void defaultsMatchTheReference() {
        Parameters p = schema.defaults();
        assertEquals(512, p.getInt("codebookSize"));
        assertEquals(0.25, p.getDouble("beta"));
        // the options default to the foundation's plain VQ
        assertEquals("l2", p.getString("distance"));
        assertEquals(0, p.getInt("codebookDim"));
        assertEquals("uniform", p.getString("init"));
        assertEquals(10, p.getInt("kmeansIterations"));
        assertEquals(0.0, p.getDouble("deadCodeThreshold"));
        assertEquals(false, p.getBoolean("rotationTrick"));
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            VqQuantizer vq = (VqQuantizer) new VqQuantizerProvider().create(p, 64, context);
            assertEquals(VqOptions.plain(), vq.options());
        }
    }

    @Test
    void rejectsOptionsOutsideTheirRanges() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("distance", "manhattan", "codebookDim", -1, "init", "normal",
                "kmeansIterations", -1, "deadCodeThreshold", -0.5, "rotationTrick", "maybe"), problems);
        assertEquals(List.of("codebookDim", "deadCodeThreshold", "distance", "init", "kmeansIterations", "rotationTrick"),
                problems.stream().map(ConfigProblem::key).sorted().toList());
    }

    @Test
    void mapsEveryOptionOntoTheQuantizer() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            VqQuantizer vq = (VqQuantizer) new VqQuantizerProvider().create(schema.with(Map.of(
                    "distance", "cosine", "codebookDim", 8, "init", "kmeans", "kmeansIterations", 3,
                    "deadCodeThreshold", 0.5, "rotationTrick", true)), 64, context);
            assertEquals(new VqOptions(VqOptions.Distance.COSINE, 8,
                    new org.vqforge.quantizers.common.CodebookOptions(true, 3, 0.5), true), vq.options());
        }
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
