package org.vqforge.launchers.spark.task;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One trial as a Spark task carries it to its executor.
 *
 * @param id the trial's name in its study
 * @param command the full command line of the trial's JVM, as the driver would start it
 * @param runDirectory the trial's run directory on the driver
 * @param sharedDirectory whether executors see {@code runDirectory} (NFS-style); if not, the trial
 *     runs in a directory of the executor's and its small files travel back in the result
 * @param config the run's config.yaml, written into the executor's directory when not shared
 * @param environment variables set for the trial's JVM (its thread count, offline switches)
 */
public record TrialTask(String id, List<String> command, String runDirectory, boolean sharedDirectory, byte[] config,
        Map<String, String> environment) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TrialTask {
        Objects.requireNonNull(id, "id");
        command = List.copyOf(command);
        Objects.requireNonNull(runDirectory, "runDirectory");
        config = config.clone();
        environment = Map.copyOf(environment);
    }
}
