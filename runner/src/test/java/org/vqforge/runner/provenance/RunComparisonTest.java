package org.vqforge.runner.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunComparisonTest {

    @TempDir
    Path dir;

    private Path run(String name, String loss, double imagesPerSecond, String eval) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("metrics.jsonl"),
                "{\"step\":1,\"loss\":0.5,\"images_per_s\":" + imagesPerSecond + ",\"elapsed_s\":" + imagesPerSecond / 7 + "}\n"
                        + "{\"step\":2,\"loss\":" + loss + ",\"images_per_s\":" + imagesPerSecond + ",\"elapsed_s\":1.0}\n");
        Files.writeString(run.resolve("eval.json"), eval);
        return run;
    }

    @Test
    void timingsMayDifferButNotTheMeasurements() throws IOException {
        Path a = run("a", "0.25", 100, "{\"psnr\": 18.25, \"ssim\": 0.5}");
        Path b = run("b", "0.25", 250, "{\"psnr\": 18.25, \"ssim\": 0.5}");
        RunComparison same = RunComparison.of(a, b);
        assertTrue(same.identical(), same.summary());
        assertEquals(2, same.stepsCompared());

        Path c = run("c", "0.25000000000000006", 100, "{\"psnr\": 18.25, \"ssim\": 0.5}");
        RunComparison differs = RunComparison.of(a, c);
        assertFalse(differs.identical(), "one ulp of the loss is a difference");
        assertTrue(differs.summary().contains("metrics.jsonl line 2"), differs.summary());
    }

    @Test
    void anEvaluationKeyOnlyOneRunHasIsNotedNotCompared() throws IOException {
        Path a = run("a", "0.25", 100, "{\"psnr\": 18.25}");
        Path b = run("b", "0.25", 100, "{\"psnr\": 18.25, \"frechet\": 12.5}");
        RunComparison r = RunComparison.of(a, b);
        assertTrue(r.identical(), r.summary());
        assertEquals(List.of("eval.json frechet"), r.notCompared());
        Path c = run("c", "0.25", 100, "{\"psnr\": 18.5}");
        assertEquals(List.of("eval.json psnr: 18.25 vs 18.5"), RunComparison.of(a, c).differences());
    }
}
