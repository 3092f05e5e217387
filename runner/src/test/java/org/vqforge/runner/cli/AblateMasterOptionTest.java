package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --master URL} is the launcher parameter {@code master}, checked like any -L option, before anything starts. */
class AblateMasterOptionTest {

    @TempDir
    Path dir;

    @Test
    void aLauncherWithoutAMasterRefusesItByNameAndWritesNothing() {
        Path study = dir.resolve("study");
        TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("ablate", TrainEndToEndTest.CONFIG, "train.steps=1,2",
                "--launcher", "local", "--master", "spark://127.0.0.1:7077", "--study-dir", study.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("launcher local: master"), r.err());
        assertFalse(Files.exists(study.resolve("study.yaml")));
    }

    @Test
    void masterGivenTwiceDifferentlyIsRefused() {
        TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("ablate", TrainEndToEndTest.CONFIG, "train.steps=1,2",
                "--master", "spark://a:7077", "-L", "master=spark://b:7077", "--study-dir", dir.resolve("s").toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--master spark://a:7077 and -L master=spark://b:7077 disagree"), r.err());
    }
}
