package org.vqforge.launchers.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vqforge.api.launcher.RunningTrial;
import org.vqforge.api.launcher.TrialRequest;
import org.vqforge.launchers.spark.task.TrialCluster;
import org.vqforge.launchers.spark.task.TrialJobFailedException;
import org.vqforge.launchers.spark.task.TrialOutcome;

/** A trial's Spark job, seen from the study. */
final class SparkRunningTrial implements RunningTrial {

    /** The exit status the study records when Spark gave the trial up (no attempt's own status came back). */
    static final int GIVEN_UP = 1;

    private final TrialRequest trial;
    private final TrialCluster.SubmittedTrial job;
    private final String master;
    private final String applicationId;
    private volatile TrialOutcome outcome;

    SparkRunningTrial(TrialRequest trial, TrialCluster.SubmittedTrial job, String master, String applicationId) {
        this.trial = trial;
        this.job = job;
        this.master = master;
        this.applicationId = applicationId;
    }

    @Override
    public int await() throws InterruptedException {
        try {
            outcome = job.await();
        } catch (InterruptedException e) {
            // the study is stopping: its trial must not run on without it
            job.cancel();
            throw e;
        } catch (TrialJobFailedException e) {
            appendToLog("[spark] " + e.getMessage());
            return GIVEN_UP;
        }
        try {
            writeFiles(outcome.files());
        } catch (IOException e) {
            appendToLog("[spark] could not write the trial's files into " + trial.runDirectory() + ": " + e);
            return GIVEN_UP;
        }
        return outcome.exitStatus();
    }

    @Override
    public void cancel() {
        job.cancel();
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("type", "spark");
        facts.put("master", master);
        facts.put("applicationId", applicationId);
        TrialOutcome o = outcome;
        if (o != null) {
            facts.put("executorId", o.executorId());
            facts.put("executorHost", o.executorHost());
            facts.put("retries", o.attempt());
            facts.put("attemptStarted", Instant.ofEpochMilli(o.startedMillis()).toString());
            facts.put("attemptEnded", Instant.ofEpochMilli(o.endedMillis()).toString());
        }
        return facts;
    }

    /** The files an executor without the study folder sent back, each written whole under its real name. */
    private void writeFiles(Map<String, byte[]> files) throws IOException {
        Path dir = trial.runDirectory();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = file.getKey().equals(trial.log().getFileName().toString()) ? trial.log() : dir.resolve(file.getKey());
            Path temporary = target.resolveSibling("." + target.getFileName() + ".part");
            Files.write(temporary, file.getValue());
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private void appendToLog(String line) {
        try {
            Files.createDirectories(trial.log().toAbsolutePath().getParent());
            Files.writeString(trial.log(), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the study records the exit status; the log line is a courtesy
        }
    }
}
