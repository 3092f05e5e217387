package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints that check themselves: sizes and SHA-256 sums recorded at publication, verified
 * before loading, and a failed save (a full disk, injected at the one place parts are written)
 * that leaves the previous checkpoint whole and named.
 */
class CheckpointsTest {

    @TempDir
    Path dir;

    private static final byte[] ENCODER = "encoder weights".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OPTIMIZER = "optimizer moments, a little longer".getBytes(StandardCharsets.UTF_8);

    private Path publish(Checkpoints checkpoints, long step) throws IOException {
        return checkpoints.publish(Checkpoints.metadata(step, 100, "hash", 0.5), d -> {
            Files.write(d.resolve("encoder.params"), ENCODER);
            Files.write(d.resolve(Checkpoints.OPTIMIZER), OPTIMIZER);
        });
    }

    private static JsonObject json(Path checkpoint) throws IOException {
        return new Gson().fromJson(Files.readString(checkpoint.resolve(Checkpoints.METADATA)), JsonObject.class);
    }

    @Test
    void theMetadataRecordsTheSizeAndSha256OfEveryFile() throws Exception {
        Path checkpoint = publish(new Checkpoints(new RunDirectory(dir), 2), 10);

        JsonObject files = json(checkpoint).getAsJsonObject("files");
        assertEquals(List.of("encoder.params", Checkpoints.OPTIMIZER), List.copyOf(files.keySet()));
        JsonObject encoder = files.getAsJsonObject("encoder.params");
        assertEquals(ENCODER.length, encoder.get("size").getAsLong());
        // an independent hash of the bytes written
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ENCODER)),
                encoder.get("sha256").getAsString());
        Checkpoints.verify(checkpoint);
        assertEquals(10, Checkpoints.step(checkpoint));
    }

    @Test
    void aTruncatedChangedOrMissingFileIsNamed() throws IOException {
        Path checkpoint = publish(new Checkpoints(new RunDirectory(dir), 2), 10);
        Path encoder = checkpoint.resolve("encoder.params");

        Files.write(encoder, new byte[] {1, 2, 3});
        CheckpointException truncated = assertThrows(CheckpointException.class, () -> Checkpoints.verify(checkpoint));
        assertEquals("checkpoint " + checkpoint + " is damaged: encoder.params has 3 bytes; checkpoint.json records "
                + ENCODER.length + " (truncated)", truncated.getMessage());

        byte[] flipped = ENCODER.clone();
        flipped[0] ^= 1;
        Files.write(encoder, flipped);
        CheckpointException changed = assertThrows(CheckpointException.class, () -> Checkpoints.verify(checkpoint));
        assertTrue(changed.getMessage().contains("encoder.params changed after it was written"), changed.getMessage());

        Files.delete(encoder);
        CheckpointException missing = assertThrows(CheckpointException.class, () -> Checkpoints.verify(checkpoint));
        assertTrue(missing.getMessage().endsWith("encoder.params is missing"), missing.getMessage());
    }

    @Test
    void aMetadataFileThatNamesFilesOutsideTheCheckpointOrIsNotJsonIsRefused() throws IOException {
        Path checkpoint = publish(new Checkpoints(new RunDirectory(dir), 2), 10);
        Files.writeString(checkpoint.resolve(Checkpoints.METADATA),
                "{\"step\": 10, \"files\": {\"../../config.yaml\": {\"size\": 1, \"sha256\": \"00\"}}}");
        CheckpointException outside = assertThrows(CheckpointException.class, () -> Checkpoints.verify(checkpoint));
        assertTrue(outside.getMessage().contains("names ../../config.yaml, which is not a file of the checkpoint"),
                outside.getMessage());

        Files.writeString(checkpoint.resolve(Checkpoints.METADATA), "{\"step\": 10, ");
        CheckpointException broken = assertThrows(CheckpointException.class, () -> Checkpoints.verify(checkpoint));
        assertTrue(broken.getMessage().contains("checkpoint.json is not valid JSON"), broken.getMessage());
    }

    @Test
    void aCheckpointFromBeforeTheHashesHasNothingToVerify() throws IOException {
        Path checkpoint = publish(new Checkpoints(new RunDirectory(dir), 2), 10);
        JsonObject old = json(checkpoint);
        old.remove("files");
        Files.writeString(checkpoint.resolve(Checkpoints.METADATA), old.toString());
        Files.write(checkpoint.resolve("encoder.params"), new byte[] {1});

        Checkpoints.verify(checkpoint);
        assertEquals(10, Checkpoints.step(checkpoint));
    }

    @Test
    void aDamagedNewestCheckpointNamesThePreviousCompleteOne() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Checkpoints checkpoints = new Checkpoints(run, 3);
        publish(checkpoints, 10);
        publish(checkpoints, 20);
        Path newest = publish(checkpoints, 30);
        assertEquals(newest, Checkpoints.resumable(run).orElseThrow());

        Files.write(newest.resolve(Checkpoints.OPTIMIZER), new byte[0]);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.resumable(run));
        assertEquals("checkpoint " + newest + " is damaged: optimizer.state has 0 bytes; checkpoint.json records "
                + OPTIMIZER.length + " (truncated); the previous complete checkpoint is step-000000020: resume from it"
                + " with --from-checkpoint 20", e.getMessage());
        assertEquals(newest, e.checkpoint());
    }

    @Test
    void aFullDiskLeavesThePreviousCheckpointWholeAndNamed() throws IOException {
        RunDirectory run = new RunDirectory(dir);
        Checkpoints checkpoints = new Checkpoints(run, 2);
        Path good = publish(checkpoints, 10);

        IOException full = assertThrows(IOException.class, () -> checkpoints.publish(
                Checkpoints.metadata(20, 100, "hash", 0.4), d -> {
                    Files.write(d.resolve("encoder.params"), ENCODER);
                    throw new IOException("No space left on device");
                }));

        assertEquals(List.of(good), run.completeCheckpoints());
        Checkpoints.verify(good);
        try (Stream<Path> left = Files.list(run.checkpoints())) {
            assertEquals(List.of(good), left.toList(), "no temporary directory is left");
        }
        CheckpointSaveException reported = CheckpointListener.failed(run, 20, full);
        assertEquals("cannot save checkpoint step-000000020 in " + run.checkpoints() + ": No space left on device;"
                + " nothing of it was kept, and the last good checkpoint is " + good, reported.getMessage());
        assertFalse(Files.exists(run.checkpoint(20)));
    }
}
