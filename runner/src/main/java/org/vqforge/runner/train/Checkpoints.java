package org.vqforge.runner.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.files.Hashing;
import org.vqforge.runner.model.Discriminator;
import org.vqforge.runner.model.TrainableModel;

/**
 * Saves and restores model parameters (a vqgan's discriminator too), optimiser states, the
 * weights' moving average and the step. A checkpoint is assembled in a hidden temporary directory
 * and published by one atomic rename, with its metadata written last: a directory without
 * metadata is never taken for a checkpoint. The metadata records the size and SHA-256 of every file,
 * and loading checks them first.
 */
public final class Checkpoints {

    public static final String METADATA = "checkpoint.json";
    public static final String OPTIMIZER = "optimizer.state";
    public static final String DISCRIMINATOR_OPTIMIZER = "discriminator-optimizer.state";
    /** The key of {@value #METADATA} that records each file's size and SHA-256. */
    static final String FILES = "files";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final RunDirectory run;
    private final int keep;

    /**
     * @param run the run directory
     * @param keep how many checkpoints to keep (older ones are deleted after a newer one is complete)
     */
    public Checkpoints(RunDirectory run, int keep) {
        this.run = run;
        this.keep = Math.max(1, keep);
    }

    /** What a checkpoint says about itself. */
    public record Metadata(long step, long totalSteps, String configHash, double loss, String savedAt) {}

    /**
     * Everything a resumed run needs besides the step.
     *
     * @param model the model (a tokenizer: encoder, quantizer, decoder; a prior)
     * @param optimizer the generator's optimiser
     * @param discriminator a vqgan's discriminator, or null
     * @param discriminatorOptimizer its optimiser, or null
     * @param average the moving average of the generator's weights, or null
     */
    public record State(TrainableModel model, Adam optimizer, Discriminator discriminator, Adam discriminatorOptimizer,
            WeightAverage average) {}

    /** Saves the state after {@code step} completed steps and returns the checkpoint directory. */
    public Path save(TrainableModel model, Adam optimizer, Metadata metadata) throws IOException {
        return save(new State(model, optimizer, null, null, null), metadata);
    }

    /** Saves the state after {@code step} completed steps and returns the checkpoint directory. */
    public Path save(State state, Metadata metadata) throws IOException {
        return publish(metadata, dir -> writeState(state, dir));
    }

    /** Writes the files of a checkpoint into a directory. */
    @FunctionalInterface
    interface Parts {
        void writeTo(Path dir) throws IOException;
    }

    /**
     * Assembles a checkpoint in a hidden temporary directory: its parts, then {@value #METADATA}
     * with the size and SHA-256 of every part, then one rename publishes it. A failure at any point
     * (a full disk) removes the temporary directory and leaves the published checkpoints as they were.
     */
    Path publish(Metadata metadata, Parts parts) throws IOException {
        Files.createDirectories(run.checkpoints());
        Path target = run.checkpoint(metadata.step());
        Path tmp = Files.createTempDirectory(run.checkpoints(), ".saving-");
        try {
            parts.writeTo(tmp);
            JsonObject json = GSON.toJsonTree(metadata).getAsJsonObject();
            json.add(FILES, digests(tmp));
            Files.writeString(tmp.resolve(METADATA), GSON.toJson(json), StandardCharsets.UTF_8);
            AtomicFiles.publishDirectory(tmp, target);
        } finally {
            if (Files.exists(tmp)) {
                AtomicFiles.deleteTree(tmp);
            }
        }
        prune();
        return target;
    }

    private static void writeState(State state, Path dir) throws IOException {
        state.model().save(dir);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMIZER)))) {
            state.optimizer().save(out);
        }
        if (state.discriminator() != null) {
            state.discriminator().save(dir);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(DISCRIMINATOR_OPTIMIZER)))) {
                state.discriminatorOptimizer().save(out);
            }
        }
        if (state.average() != null) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(WeightAverage.FILE)))) {
                state.average().save(out);
            }
        }
    }

    /** Size and SHA-256 of every file in {@code dir}, by name. */
    private static JsonObject digests(Path dir) throws IOException {
        JsonObject files = new JsonObject();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : (Iterable<Path>) entries.sorted()::iterator) {
                JsonObject digest = new JsonObject();
                digest.addProperty("size", Files.size(file));
                digest.addProperty("sha256", Hashing.sha256(file));
                files.add(file.getFileName().toString(), digest);
            }
        }
        return files;
    }

    /**
     * Checks every file {@value #METADATA} records against its size and SHA-256. A checkpoint
     * written before checkpoints recorded them has nothing to check.
     *
     * @throws CheckpointException naming the checkpoint, the file and what is wrong with it
     */
    public static void verify(Path checkpoint) {
        JsonObject json = readJson(checkpoint);
        if (!json.has(FILES)) {
            return;
        }
        if (!json.get(FILES).isJsonObject()) {
            throw new CheckpointException(checkpoint, METADATA + ": '" + FILES + "' is not an object");
        }
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject(FILES).entrySet()) {
            String name = e.getKey();
            Path file = checkpoint.resolve(name).normalize();
            if (!checkpoint.equals(file.getParent())) {
                throw new CheckpointException(checkpoint, METADATA + " names " + name + ", which is not a file of the checkpoint");
            }
            long size;
            String sha256;
            try {
                JsonObject recorded = e.getValue().getAsJsonObject();
                size = recorded.get("size").getAsLong();
                sha256 = recorded.get("sha256").getAsString();
            } catch (RuntimeException bad) {
                throw new CheckpointException(checkpoint, METADATA + ": the entry of " + name + " is not {size, sha256}");
            }
            if (!Files.isRegularFile(file)) {
                throw new CheckpointException(checkpoint, name + " is missing");
            }
            try {
                long actual = Files.size(file);
                if (actual != size) {
                    throw new CheckpointException(checkpoint, name + " has " + actual + " bytes; " + METADATA
                            + " records " + size + (actual < size ? " (truncated)" : ""));
                }
                if (!Hashing.sha256(file).equals(sha256)) {
                    throw new CheckpointException(checkpoint, name + " changed after it was written (its SHA-256 differs from "
                            + METADATA + "'s)");
                }
            } catch (IOException io) {
                throw new CheckpointException(checkpoint, "cannot read " + name + ": " + io.getMessage());
            }
        }
    }

    /**
     * The checkpoint training on {@code run} resumes from: the newest, once verified. A damaged
     * newest checkpoint is never skipped silently: the error names it and the previous complete
     * one, and how to resume from that.
     */
    public static Optional<Path> resumable(RunDirectory run) {
        List<Path> all = run.completeCheckpoints();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path newest = all.get(all.size() - 1);
        try {
            verify(newest);
            return Optional.of(newest);
        } catch (CheckpointException damaged) {
            String offer = "; there is no earlier complete checkpoint: train into a new --run-dir";
            for (int i = all.size() - 2; i >= 0; i--) {
                try {
                    verify(all.get(i));
                    offer = "; the previous complete checkpoint is " + all.get(i).getFileName()
                            + ": resume from it with --from-checkpoint " + step(all.get(i));
                    break;
                } catch (CheckpointException older) {
                    // damaged too: look further back
                }
            }
            throw new CheckpointException(damaged.getMessage() + offer, newest, damaged);
        }
    }

    /**
     * Restores model and optimiser from {@code checkpoint} and returns its metadata. Without an
     * optimiser nothing will be trained, so the model gets the weights meant for evaluation: the
     * moving average of its weights when the checkpoint holds one.
     */
    public static Metadata load(Path checkpoint, TrainableModel model, Adam optimizer, NDManager manager)
            throws IOException {
        if (optimizer != null) {
            return load(checkpoint, new State(model, optimizer, null, null, null));
        }
        Metadata metadata = readMetadata(checkpoint);
        verify(checkpoint);
        try {
            model.load(checkpoint);
            Path average = checkpoint.resolve(WeightAverage.FILE);
            if (Files.isRegularFile(average)) {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(average))) {
                    WeightAverage.loadInto(in, model.trainableParameters(), manager);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw unloadable(checkpoint, e);
        }
        return metadata;
    }

    /** Restores every part of {@code state} from {@code checkpoint}, for training on, and returns its metadata. */
    public static Metadata load(Path checkpoint, State state) throws IOException {
        Metadata metadata = readMetadata(checkpoint);
        verify(checkpoint);
        try {
            loadState(checkpoint, state);
        } catch (IOException | RuntimeException e) {
            throw unloadable(checkpoint, e);
        }
        return metadata;
    }

    /**
     * What a verified checkpoint that still does not load is: written for another model, or, from
     * before checkpoints recorded their files, damaged in a way nothing checked.
     */
    private static CheckpointException unloadable(Path checkpoint, Exception e) {
        if (e instanceof CheckpointException c) {
            return c;
        }
        boolean recorded = readJson(checkpoint).has(FILES);
        return new CheckpointException("checkpoint " + checkpoint + " cannot be loaded into this model: " + e
                + (recorded ? " (its files are as written: it was written for another config)"
                        : " (it records no file sizes or hashes to check: written by an older vqforge)"), checkpoint, e);
    }

    private static void loadState(Path checkpoint, State state) throws IOException {
        NDManager manager = state.model().manager();
        state.model().load(checkpoint);
        try (InputStream in = open(checkpoint.resolve(OPTIMIZER))) {
            state.optimizer().load(in, manager);
        }
        if (state.discriminator() != null) {
            state.discriminator().load(checkpoint);
            try (InputStream in = open(checkpoint.resolve(DISCRIMINATOR_OPTIMIZER))) {
                state.discriminatorOptimizer().load(in, manager);
            }
        }
        if (state.average() != null) {
            try (InputStream in = open(checkpoint.resolve(WeightAverage.FILE))) {
                state.average().load(in, manager);
            }
        }
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing; this checkpoint was not written for this config");
        }
        return new BufferedInputStream(Files.newInputStream(file));
    }

    /** Reads a checkpoint's metadata. */
    public static Metadata readMetadata(Path checkpoint) throws IOException {
        JsonObject o = readJson(checkpoint);
        try {
            return new Metadata(o.get("step").getAsLong(), o.get("totalSteps").getAsLong(),
                    o.get("configHash").getAsString(), o.get("loss").getAsDouble(), o.get("savedAt").getAsString());
        } catch (RuntimeException e) {
            throw new CheckpointException(checkpoint, METADATA + " lacks step, totalSteps, configHash, loss or savedAt");
        }
    }

    /** The step a checkpoint was saved after, from its metadata. */
    public static long step(Path checkpoint) {
        try {
            return readMetadata(checkpoint).step();
        } catch (IOException e) {
            throw new CheckpointException(checkpoint, "cannot read " + METADATA + ": " + e.getMessage());
        }
    }

    private static JsonObject readJson(Path checkpoint) {
        Path file = checkpoint.resolve(METADATA);
        try {
            JsonObject o = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), JsonObject.class);
            if (o == null) {
                throw new CheckpointException(checkpoint, METADATA + " is empty");
            }
            return o;
        } catch (NoSuchFileException e) {
            throw new CheckpointException(checkpoint, METADATA + " is missing");
        } catch (IOException e) {
            throw new CheckpointException(checkpoint, "cannot read " + METADATA + ": " + e.getMessage());
        } catch (JsonParseException | ClassCastException | IllegalStateException e) {
            throw new CheckpointException(checkpoint, METADATA + " is not valid JSON: " + e.getMessage());
        }
    }

    /** Metadata for a checkpoint written now. */
    public static Metadata metadata(long step, long totalSteps, String configHash, double loss) {
        return new Metadata(step, totalSteps, configHash, loss, Instant.now().toString());
    }

    private void prune() throws IOException {
        List<Path> all = run.completeCheckpoints();
        for (int i = 0; i < all.size() - keep; i++) {
            AtomicFiles.deleteTree(all.get(i));
        }
    }
}
