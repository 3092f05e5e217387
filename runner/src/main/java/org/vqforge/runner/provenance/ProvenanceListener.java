package org.vqforge.runner.provenance;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.vqforge.api.backend.Backend;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.files.Hashing;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingSession;

/**
 * Writes a run's {@code provenance.json} when training starts and again when it ends, and the
 * test set's code histogram ({@code codes.json}) when it completes. A failure here is reported but
 * never stops the training it describes.
 */
public final class ProvenanceListener implements TrainingListener {

    private final Experiment experiment;
    private final RunDirectory run;
    private final TrainingData data;
    private final Backend backend;
    private final String configHash;
    private JsonObject record;

    @Inject
    public ProvenanceListener(Experiment experiment, RunDirectory run, TrainingData data, Backend backend,
            @Named("configHash") String configHash) {
        this.experiment = experiment;
        this.run = run;
        this.data = data;
        this.backend = backend;
        this.configHash = configHash;
    }

    @Override
    public void onStart(TrainingSession session) {
        try {
            record = startRecord(session);
            Provenance.write(run.root(), record);
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: could not write " + Provenance.file(run.root()) + ": " + e);
        }
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        if (record == null) {
            return;
        }
        try {
            record.addProperty("endTime", Instant.now().toString());
            record.addProperty("status", completed ? Provenance.COMPLETED : Provenance.FAILED);
            record.addProperty("exitStatus", completed ? 0 : 1);
            Provenance.write(run.root(), record);
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: could not complete " + Provenance.file(run.root()) + ": " + e);
        }
    }

    private JsonObject startRecord(TrainingSession session) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("experiment", experiment.name());
        o.addProperty("config", RunDirectory.CONFIG);
        o.addProperty("configSha256", configHash);
        o.addProperty("seed", experiment.train().seed());
        o.addProperty("startStep", session.startStep());
        o.addProperty("totalSteps", session.totalSteps());
        JsonArray datasets = new JsonArray();
        for (Path file : data.files()) {
            JsonObject d = new JsonObject();
            d.addProperty("file", file.toAbsolutePath().toString());
            d.addProperty("sha256", Hashing.sha256(file));
            datasets.add(d);
        }
        o.add("datasets", datasets);
        o.add("vqforge", MachineFacts.vqforge());
        JsonObject engine = new JsonObject();
        Map<String, String> described = backend.describe();
        described.forEach(engine::addProperty);
        o.add("backend", engine);
        o.addProperty("threads", described.containsKey("threads") ? Integer.valueOf(described.get("threads"))
                : Integer.valueOf(experiment.backend().params().asMap().getOrDefault("threads", 0).toString()));
        o.add("java", MachineFacts.java());
        o.add("os", MachineFacts.os());
        o.add("cpu", MachineFacts.cpu());
        o.addProperty("startTime", Instant.now().toString());
        o.addProperty("endTime", (String) null);
        o.addProperty("status", Provenance.RUNNING);
        o.addProperty("exitStatus", (Integer) null);
        return o;
    }
}
