package org.vqforge.runner.train;

import org.vqforge.runner.files.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Appends one JSON object per logged step to {@code metrics.jsonl}. On resume, lines the
 * interrupted run wrote after its last checkpoint are dropped first, so every step appears once.
 */
public final class MetricsLogListener implements TrainingListener {

    private static final Gson GSON = new Gson();

    private BufferedWriter out;

    @Override
    public void onStart(TrainingSession session) {
        try {
            var file = session.runDirectory().metrics();
            if (Files.exists(file)) {
                List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isBlank())
                        .filter(line -> GSON.fromJson(line, JsonObject.class).get("step").getAsLong() <= session.startStep())
                        .collect(Collectors.toList());
                AtomicFiles.write(file, (kept.isEmpty() ? "" : String.join("\n", kept) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onStep(TrainingSession session, StepRecord record) {
        int every = session.experiment().train().logEvery();
        if (record.step() % every != 0 && record.step() != record.totalSteps()) {
            return;
        }
        JsonObject o = new JsonObject();
        o.addProperty("step", record.step());
        o.addProperty("loss", record.loss());
        for (Map.Entry<String, Double> t : record.terms().entrySet()) {
            o.addProperty("loss_" + t.getKey(), t.getValue());
        }
        for (Map.Entry<String, Double> m : record.metrics().entrySet()) {
            o.addProperty(m.getKey(), m.getValue());
        }
        o.addProperty("images_per_s", record.imagesPerSecond());
        o.addProperty("elapsed_s", record.elapsedSeconds());
        try {
            out.write(GSON.toJson(o));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
