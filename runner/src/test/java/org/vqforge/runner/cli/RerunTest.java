package org.vqforge.runner.cli;

import org.vqforge.runner.files.Hashing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every run records its provenance; {@code vqf rerun} repeats it, and on the CPU backend bit for bit. */
class RerunTest {

    static final Path TINY = Path.of("src/test/resources/study/tiny.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aRerunFromTheProvenanceGivesBitIdenticalMetrics() throws IOException {
        Path run = dir.resolve("run");
        TrainEndToEndTest.Result train = TrainEndToEndTest.vqf("train", TINY.toString(), "train.seed=3", "--quiet",
                "--run-dir", run.toString());
        assertEquals(0, train.exitCode(), train.err());

        JsonObject record = json(run.resolve("provenance.json"));
        assertEquals(Hashing.sha256(run.resolve("config.yaml")), record.get("configSha256").getAsString());
        assertEquals(3, record.get("seed").getAsInt());
        assertEquals("completed", record.get("status").getAsString());
        assertEquals(0, record.get("exitStatus").getAsInt());
        assertEquals(2, record.getAsJsonArray("datasets").size(), "train and test images");
        Path trainImages = Path.of(record.getAsJsonArray("datasets").get(0).getAsJsonObject().get("file").getAsString());
        assertEquals(Hashing.sha256(trainImages), record.getAsJsonArray("datasets").get(0).getAsJsonObject().get("sha256").getAsString());
        assertEquals(System.getProperty("java.version"), record.getAsJsonObject("java").get("version").getAsString());
        assertEquals("0.36.0", record.getAsJsonObject("backend").get("djlVersion").getAsString());
        assertEquals("cpu", record.getAsJsonObject("backend").get("nativeFlavor").getAsString());
        assertTrue(record.get("threads").getAsInt() >= 1);
        assertFalse(record.get("endTime").isJsonNull());
        JsonObject codes = json(run.resolve("codes.json"));
        long total = 0;
        for (var c : codes.getAsJsonArray("counts")) {
            total += c.getAsLong();
        }
        // 64 test images of 28x28, downsampled twice: 7 x 7 codes each
        assertEquals(64L * 7 * 7, total);

        Path again = dir.resolve("again");
        TrainEndToEndTest.Result rerun = TrainEndToEndTest.vqf("rerun", run.toString(), "--run-dir", again.toString(),
                "--check", "--quiet");
        assertEquals(0, rerun.exitCode(), rerun.out() + rerun.err());
        assertTrue(rerun.out().contains("identical to the original: 6 logged steps"), rerun.out());
        // independently of the command's own comparison: every logged loss and the evaluation, bit for bit
        List<String> a = Files.readAllLines(run.resolve("metrics.jsonl"));
        List<String> b = Files.readAllLines(again.resolve("metrics.jsonl"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            JsonObject x = new Gson().fromJson(a.get(i), JsonObject.class);
            JsonObject y = new Gson().fromJson(b.get(i), JsonObject.class);
            assertEquals(Double.doubleToLongBits(x.get("loss").getAsDouble()), Double.doubleToLongBits(y.get("loss").getAsDouble()),
                    "loss of line " + (i + 1));
        }
        assertEquals(json(run.resolve("eval.json")), json(again.resolve("eval.json")));
        assertEquals(3, json(again.resolve("provenance.json")).get("seed").getAsInt());
    }

    @Test
    void aRunWhoseConfigChangedSinceItsRecordIsRefused() throws IOException {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.copy(TINY, run.resolve("config.yaml"));
        JsonObject record = new JsonObject();
        record.addProperty("configSha256", "0".repeat(64));
        Files.writeString(run.resolve("provenance.json"), record.toString());
        TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("rerun", run.toString(), "--run-dir", dir.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("changed since the run"), r.err());
        assertFalse(Files.exists(dir.resolve("x")));
        TrainEndToEndTest.Result none = TrainEndToEndTest.vqf("rerun", dir.toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("has no readable provenance.json"), none.err());
    }

    private static JsonObject json(Path file) throws IOException {
        return new Gson().fromJson(Files.readString(file), JsonObject.class);
    }
}
