package org.vqforge.runner.train;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.model.Discriminator;
import org.vqforge.runner.model.VqModel;

/**
 * Saves and restores model parameters (a vqgan's discriminator too), optimiser states, the
 * weights' moving average and the step. A checkpoint is assembled in a hidden temporary directory
 * and published by one atomic rename, with its metadata written last: a directory without
 * metadata is never taken for a checkpoint.
 */
public final class Checkpoints {

    public static final String METADATA = "checkpoint.json";
    public static final String OPTIMIZER = "optimizer.state";
    public static final String DISCRIMINATOR_OPTIMIZER = "discriminator-optimizer.state";

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
     * @param model the generator (encoder, quantizer, decoder)
     * @param optimizer the generator's optimiser
     * @param discriminator a vqgan's discriminator, or null
     * @param discriminatorOptimizer its optimiser, or null
     * @param average the moving average of the generator's weights, or null
     */
    public record State(VqModel model, Adam optimizer, Discriminator discriminator, Adam discriminatorOptimizer,
            WeightAverage average) {}

    /** Saves the state after {@code step} completed steps and returns the checkpoint directory. */
    public Path save(VqModel model, Adam optimizer, Metadata metadata) throws IOException {
        return save(new State(model, optimizer, null, null, null), metadata);
    }

    /** Saves the state after {@code step} completed steps and returns the checkpoint directory. */
    public Path save(State state, Metadata metadata) throws IOException {
        Files.createDirectories(run.checkpoints());
        Path target = run.checkpoint(metadata.step());
        Path tmp = Files.createTempDirectory(run.checkpoints(), ".saving-");
        try {
            state.model().save(tmp);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(OPTIMIZER)))) {
                state.optimizer().save(out);
            }
            if (state.discriminator() != null) {
                state.discriminator().save(tmp);
                try (OutputStream out = new BufferedOutputStream(
                        Files.newOutputStream(tmp.resolve(DISCRIMINATOR_OPTIMIZER)))) {
                    state.discriminatorOptimizer().save(out);
                }
            }
            if (state.average() != null) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(WeightAverage.FILE)))) {
                    state.average().save(out);
                }
            }
            Files.writeString(tmp.resolve(METADATA), GSON.toJson(metadata), StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                AtomicFiles.deleteTree(target);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) {
                AtomicFiles.deleteTree(tmp);
            }
        }
        prune();
        return target;
    }

    /**
     * Restores model and optimiser from {@code checkpoint} and returns its metadata. Without an
     * optimiser nothing will be trained, so the model gets the weights meant for evaluation: the
     * moving average of its weights when the checkpoint holds one.
     */
    public static Metadata load(Path checkpoint, VqModel model, Adam optimizer, NDManager manager)
            throws IOException {
        if (optimizer != null) {
            return load(checkpoint, new State(model, optimizer, null, null, null));
        }
        Metadata metadata = readMetadata(checkpoint);
        model.load(checkpoint);
        Path average = checkpoint.resolve(WeightAverage.FILE);
        if (Files.isRegularFile(average)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(average))) {
                WeightAverage.loadInto(in, model.trainableParameters(), manager);
            }
        }
        return metadata;
    }

    /** Restores every part of {@code state} from {@code checkpoint}, for training on, and returns its metadata. */
    public static Metadata load(Path checkpoint, State state) throws IOException {
        Metadata metadata = readMetadata(checkpoint);
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
        return metadata;
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": missing; this checkpoint was not written for this config");
        }
        return new BufferedInputStream(Files.newInputStream(file));
    }

    /** Reads a checkpoint's metadata. */
    public static Metadata readMetadata(Path checkpoint) throws IOException {
        String json = Files.readString(checkpoint.resolve(METADATA), StandardCharsets.UTF_8);
        JsonObject o = GSON.fromJson(json, JsonObject.class);
        return new Metadata(o.get("step").getAsLong(), o.get("totalSteps").getAsLong(),
                o.get("configHash").getAsString(), o.get("loss").getAsDouble(), o.get("savedAt").getAsString());
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
