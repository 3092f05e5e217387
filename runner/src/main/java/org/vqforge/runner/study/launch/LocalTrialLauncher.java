package org.vqforge.runner.study.launch;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vqforge.api.launcher.JavaCommand;
import org.vqforge.api.launcher.RunningTrial;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialRequest;

/** Runs each trial as a child JVM on this machine, its output appended to the trial's log. */
public final class LocalTrialLauncher implements TrialLauncher {

    private final JavaCommand java;

    public LocalTrialLauncher(JavaCommand java) {
        this.java = java;
    }

    @Override
    public RunningTrial start(TrialRequest trial) throws IOException {
        Files.createDirectories(trial.log().toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(java.commandLine(trial.arguments()))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(trial.log().toFile()))
                .redirectInput(Redirect.from(new java.io.File("/dev/null")));
        // libtorch's OpenMP pool would otherwise size itself to every core, whatever backend.threads says
        builder.environment().put("OMP_NUM_THREADS", Integer.toString(trial.threads()));
        Process process = builder.start();
        return new LocalRunningTrial(process);
    }

    /** A child JVM. */
    record LocalRunningTrial(Process process) implements RunningTrial {

        @Override
        public int await() throws InterruptedException {
            return process.waitFor();
        }

        @Override
        public void cancel() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Map<String, Object> facts() {
            return Map.of("type", "local");
        }

        /** The child's process id, for tests and logs. */
        long pid() {
            return process.pid();
        }
    }
}
