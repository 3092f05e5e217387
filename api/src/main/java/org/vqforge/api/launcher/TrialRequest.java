package org.vqforge.api.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One trial to run: the {@code vqf} command line that trains it, and where it goes.
 *
 * @param id the trial's name, unique in its study (also its run directory's name)
 * @param runDirectory where the trial writes its run (its resolved config is already there)
 * @param arguments the {@code vqf} arguments that run it, e.g. {@code train DIR/config.yaml --run-dir DIR --quiet}
 * @param threads compute threads the trial is configured for (a scheduler's CPU request)
 * @param log the file the trial's standard output and error go to
 */
public record TrialRequest(String id, Path runDirectory, List<String> arguments, int threads, Path log) {

    public TrialRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(runDirectory, "runDirectory");
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(log, "log");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
