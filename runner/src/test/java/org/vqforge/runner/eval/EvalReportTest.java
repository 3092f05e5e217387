package org.vqforge.runner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fréchet distance in eval.json and in the printed report; the code counts in codes.json. */
class EvalReportTest {

    @TempDir
    Path dir;

    private static EvalResult result(FrechetResult frechet) {
        return new EvalResult(100, 0.01, 20.0, 0.8, 0.5, 30.0, 256, 512, frechet, new long[512]);
    }

    @Test
    void aMeasuredDistanceIsANumberBesideTheNetworkPath() throws IOException {
        Path net = Path.of("/nets/fm.vqff");
        EvalResult r = result(new FrechetResult(net, 1.25, ""));
        Path file = dir.resolve("eval.json");
        EvalReport.write(r, file);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(1.25, json.get("frechet").getAsDouble());
        assertEquals("/nets/fm.vqff", json.get("feature_network").getAsString());
        assertFalse(json.has("frechet_skipped"));
        assertEquals(20.0, json.get("psnr").getAsDouble());
        assertTrue(EvalReport.text(r).endsWith("Frechet distance 1.2500 (features: /nets/fm.vqff)"), EvalReport.text(r));
    }

    @Test
    void aSkippedDistanceIsNullWithTheReason() throws IOException {
        EvalResult r = result(FrechetResult.skipped(Path.of("/h/.vqforge/features/fashion-mnist.vqff"), "no network"));
        Path file = dir.resolve("eval.json");
        EvalReport.write(r, file);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertTrue(json.has("frechet") && json.get("frechet").isJsonNull(), json.toString());
        assertEquals("no network", json.get("frechet_skipped").getAsString());
        assertEquals("/h/.vqforge/features/fashion-mnist.vqff", json.get("feature_network").getAsString());
        assertTrue(EvalReport.text(r).endsWith("Frechet distance skipped: no network"), EvalReport.text(r));
    }

    @Test
    void codesJsonHoldsTheEvaluationsCountsIndexByIndex() throws IOException {
        EvalResult r = new EvalResult(5, 0.01, 20.0, 0.8, 2.0 / 3, 1.9, 2, 3, FrechetResult.skipped(Path.of("n"), "-"),
                new long[] {3, 0, 2});
        Path file = dir.resolve("codes.json");
        EvalReport.writeCodes(r, file);
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(3, json.get("codebookSize").getAsInt());
        assertEquals(5, json.get("images").getAsInt());
        assertEquals("[3,0,2]", json.get("counts").toString());
    }
}
