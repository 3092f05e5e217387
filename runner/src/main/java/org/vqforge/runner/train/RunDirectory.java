package org.vqforge.runner.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files of one run: the resolved config, per-step metrics, checkpoints, images, evaluation.
 * Everything that is replaced is written to a temporary name first and then renamed, so an
 * interrupted run never leaves a half-written file under the real name.
 */
public final class RunDirectory {

    public static final String CONFIG = "config.yaml";
    public static final String METRICS = "metrics.jsonl";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String RECONSTRUCTIONS = "reconstructions.png";
    public static final String EVALUATION = "eval.json";
    /** A prior's grid of drawn images, one row per class. */
    public static final String SAMPLES = "samples.png";
    /** How often each code was chosen on the test set, from the same pass as {@link #EVALUATION}. */
    public static final String CODES = "codes.json";

    private static final String CHECKPOINT_PREFIX = "step-";

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path checkpoints() {
        return root.resolve(CHECKPOINTS);
    }

    public Path reconstructions() {
        return root.resolve(RECONSTRUCTIONS);
    }

    public Path evaluation() {
        return root.resolve(EVALUATION);
    }

    /** {@value #CODES}: the data behind a codebook-usage histogram. */
    public Path codes() {
        return root.resolve(CODES);
    }

    /** Whether a run was started here (its config was written). */
    public boolean exists() {
        return Files.isRegularFile(config());
    }

    /** The directory a checkpoint of {@code step} is published under. */
    public Path checkpoint(long step) {
        return checkpoints().resolve(String.format("%s%09d", CHECKPOINT_PREFIX, step));
    }

    /** Complete checkpoints, oldest first. Temporary directories of interrupted saves are ignored. */
    public List<Path> completeCheckpoints() {
        if (!Files.isDirectory(checkpoints())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(checkpoints())) {
            return entries.filter(p -> p.getFileName().toString().matches(CHECKPOINT_PREFIX + "\\d{9}"))
                    .filter(p -> Files.isRegularFile(p.resolve(Checkpoints.METADATA)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest complete checkpoint. */
    public Optional<Path> latestCheckpoint() {
        List<Path> all = completeCheckpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
