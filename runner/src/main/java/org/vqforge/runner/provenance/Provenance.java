package org.vqforge.runner.provenance;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.vqforge.runner.files.AtomicFiles;

/**
 * The {@code provenance.json} of a run: how it was made (resolved config and its hash, seed,
 * dataset hashes, versions, machine, threads) and how it went (start and end time, exit status).
 * Written when training starts, rewritten when it ends; {@code ./vqf rerun RUN_DIR} runs it again
 * from this record.
 */
public final class Provenance {

    public static final String FILE = "provenance.json";

    /** Status while the run is going (or when its process died without a word). */
    public static final String RUNNING = "running";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private Provenance() {}

    /** The provenance file of the run in {@code runDirectory}. */
    public static Path file(Path runDirectory) {
        return runDirectory.resolve(FILE);
    }

    /** The record of a run, if it has one. */
    public static Optional<JsonObject> read(Path runDirectory) {
        Path file = file(runDirectory);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(GSON.fromJson(Files.readString(file), JsonObject.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the record atomically. */
    public static void write(Path runDirectory, JsonObject record) throws IOException {
        AtomicFiles.write(file(runDirectory), (GSON.toJson(record) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * How a study's launcher ran the trial ({@link org.vqforge.api.launcher.RunningTrial#facts()}),
     * under {@code launcher}; nothing when the launcher says nothing or the run wrote no record.
     */
    public static void recordLauncher(Path runDirectory, Map<String, Object> facts) throws IOException {
        Optional<JsonObject> stored = read(runDirectory);
        if (facts.isEmpty() || stored.isEmpty()) {
            return;
        }
        JsonObject record = stored.get();
        record.add("launcher", GSON.toJsonTree(facts));
        write(runDirectory, record);
    }

    /**
     * What the process that ran a trial saw when it ended: a record still {@code running} after its
     * process exited (killed, or failed before its listener could finish) gets that exit status.
     */
    public static void recordExit(Path runDirectory, int exitStatus, String endTime, String error) throws IOException {
        Optional<JsonObject> stored = read(runDirectory);
        if (stored.isEmpty() || !RUNNING.equals(stored.get().get("status").getAsString())) {
            return;
        }
        JsonObject record = stored.get();
        record.addProperty("status", exitStatus == 0 ? COMPLETED : FAILED);
        record.addProperty("exitStatus", exitStatus);
        record.addProperty("endTime", endTime);
        if (error != null) {
            record.addProperty("error", error);
        }
        write(runDirectory, record);
    }
}
