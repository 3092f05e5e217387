package org.vqforge.quantizers.fsq;

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

class FsqQuantizerProviderTest {

    private final FsqQuantizerProvider provider = new FsqQuantizerProvider();
    private final ParameterSchema schema = provider.schema();

    @Test
    void defaultsAreThePaperLevels() {
        assertEquals(List.of(8, 5, 5, 5), schema.defaults().getIntList("levels"));
    }

    @Test
    void rejectsALevelBelowTwoAndAnEmptyList() {
        List<ConfigProblem> problems = new ArrayList<>();
        schema.resolve(Map.of("levels", "8,1,5"), problems);
        assertEquals(1, problems.size());
        assertEquals("levels", problems.get(0).key());
        assertTrue(problems.get(0).message().contains("[2, +inf)"), problems.get(0).message());
        List<ConfigProblem> empty = new ArrayList<>();
        schema.resolve(Map.of("levels", List.of()), empty);
        assertEquals(List.of("levels"), empty.stream().map(ConfigProblem::key).toList());
        List<ConfigProblem> none = new ArrayList<>();
        schema.resolve(Map.of("levels", "2"), none);
        assertEquals(List.of(), none);
    }

    @Test
    void checkRefusesACodebookLargerThanAnInt() {
        Parameters huge = schema.with(Map.of("levels", List.of(1024, 1024, 2048)));
        List<ConfigProblem> problems = provider.check(huge, TestBuildContext.FASHION_MNIST);
        assertEquals(1, problems.size());
        assertEquals("levels", problems.get(0).key());
        assertTrue(problems.get(0).message().contains("2147483647"), problems.get(0).message());
        // 1024 * 1024 * 2047 < 2^31
        assertEquals(List.of(), provider.check(schema.with(Map.of("levels", List.of(1024, 1024, 2047))),
                TestBuildContext.FASHION_MNIST));
    }

    @Test
    void buildsAProjectingQuantizerForTheReferenceLatents() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            FsqQuantizer fsq = assertInstanceOf(FsqQuantizer.class,
                    provider.create(schema.with(Map.of("levels", "8,8,8")), 64, context));
            assertEquals(512, fsq.codebookSize());
            assertEquals(64, fsq.dimension());
            assertTrue(fsq.projects());
            FsqQuantizer direct = assertInstanceOf(FsqQuantizer.class,
                    provider.create(schema.with(Map.of("levels", "8,8,8")), 3, context));
            assertEquals(false, direct.projects());
            assertEquals(0, direct.getParameters().size());
        }
    }
}
