package org.vqforge.runner.study;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.vqforge.runner.files.AtomicFiles;

/**
 * The study's view of one trial ({@code trial.json} in its run directory), written by the study
 * process around the trial's own process: a trial is finished when this says {@code completed}.
 *
 * @param id the trial
 * @param status {@code running}, {@code completed} or {@code failed}
 * @param exitStatus the trial process's exit status; null while running
 * @param started when the process was started (ISO-8601)
 * @param ended when it ended; null while running
 * @param wallSeconds wall time of the whole process (JVM start, training, evaluation)
 * @param error why it failed: the last lines of its log; null otherwise
 */
public record TrialState(String id, String status, Integer exitStatus, String started, String ended,
        double wallSeconds, String error) {

    public static final String FILE = "trial.json";
    public static final String LOG = "trial.log";
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    public boolean completed() {
        return COMPLETED.equals(status);
    }

    public static Optional<TrialState> read(Path runDirectory) {
        Path file = runDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GSON.fromJson(Files.readString(file), TrialState.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public void write(Path runDirectory) throws IOException {
        AtomicFiles.write(runDirectory.resolve(FILE), (GSON.toJson(this) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
