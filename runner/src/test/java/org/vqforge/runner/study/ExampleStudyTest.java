package org.vqforge.runner.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.discovery.Plugins;

/** The example study stays valid as plugins change: every one of its trials passes the resolver. */
class ExampleStudyTest {

    @TempDir
    Path dir;

    @Test
    void theExampleStudyPlansEveryQuantizerWithTwoSeeds() throws IOException {
        Path studyDir = dir.resolve("study");
        Ablation.Plan plan = Ablation.plan(new Ablation.Request(Path.of("../configs/ablation-quantizers.yaml"), List.of(),
                null, studyDir, 2, Launchers.DEFAULT), new ConfigResolver(Plugins.discover()), Launchers.discover());
        List<String> quantizers = List.of("vq", "ema", "gumbel", "fsq", "lfq", "residual", "product");
        assertEquals(quantizers.size() * 2, plan.trials().size());
        for (int i = 0; i < quantizers.size(); i++) {
            Trial seed0 = plan.trials().get(2 * i);
            assertEquals("quantizer-" + quantizers.get(i) + "_seed-0", seed0.id());
            assertEquals(quantizers.get(i), seed0.experiment().model().quantizer().type());
            assertEquals(120, seed0.experiment().train().steps());
            assertEquals(1, plan.trials().get(2 * i + 1).experiment().train().seed());
        }
        assertFalse(Files.exists(studyDir), "planning writes nothing");
    }
}
