package org.vqforge.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.loss.ReconstructionLoss;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.model.ModelOutput;
import org.vqforge.runner.model.VqModel;

/**
 * The optimisation loop of a VQ-VAE: loss = w_rec * reconstruction + w_cb * quantizer terms,
 * one Adam step per batch. Each step runs in its own child manager, closed at the end of the step,
 * so native memory stays flat. The engine is re-seeded from (seed, step) before every step, which
 * makes a resumed run draw the same random numbers as one that never stopped.
 */
public final class TrainingLoop implements TrainingSession {

    private final Experiment experiment;
    private final Backend backend;
    private final VqModel model;
    private final ReconstructionLoss reconstructionLoss;
    private final TrainingData data;
    private final RunDirectory run;
    private final List<TrainingListener> listeners;
    private final String configHash;
    private final Checkpoints checkpoints;
    private Adam optimizer;
    private long startStep;
    private long totalSteps;
    private long completedSteps;
    private double lastLoss = Double.NaN;

    @Inject
    public TrainingLoop(Experiment experiment, Backend backend, VqModel model, ReconstructionLoss reconstructionLoss,
            TrainingData data, RunDirectory run, Set<TrainingListener> listeners,
            @Named("configHash") String configHash) {
        this.experiment = experiment;
        this.backend = backend;
        this.model = model;
        this.reconstructionLoss = reconstructionLoss;
        this.data = data;
        this.run = run;
        this.listeners = List.copyOf(listeners);
        this.configHash = configHash;
        this.checkpoints = new Checkpoints(run, 2);
    }

    /** Seed of step {@code step}: a fixed mix of the run's seed and the step. */
    static long stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    /** Trains to the configured number of steps, resuming from the run's latest checkpoint if any. */
    public void run() throws IOException {
        var train = experiment.train();
        Batches batches = new Batches(data.train(), train.batchSize(), train.seed());
        totalSteps = train.steps() > 0 ? train.steps() : (long) train.epochs() * batches.stepsPerEpoch();
        optimizer = Adam.withDefaults(model.trainableParameters(), train.learningRate());
        Optional<Path> latest = run.latestCheckpoint();
        if (latest.isPresent()) {
            startStep = Checkpoints.load(latest.get(), model, optimizer, model.manager()).step();
        }
        completedSteps = startStep;
        listeners.forEach(l -> l.onStart(this));
        boolean completed = false;
        try {
            long began = System.nanoTime();
            for (long step = startStep; step < totalSteps; step++) {
                StepRecord record = step(batches, step, began);
                completedSteps = step + 1;
                lastLoss = record.loss();
                for (TrainingListener l : listeners) {
                    l.onStep(this, record);
                }
            }
            completed = true;
        } finally {
            boolean done = completed;
            listeners.forEach(l -> l.onEnd(this, done));
        }
    }

    private StepRecord step(Batches batches, long step, long began) {
        var train = experiment.train();
        var loss = experiment.loss();
        try (NDManager stepManager = model.manager().newSubManager()) {
            backend.seed(stepSeed(train.seed(), step));
            NDArray images = batches.batch(step, stepManager);
            Map<String, NDArray> terms = new LinkedHashMap<>();
            Map<String, Double> metrics;
            NDArray total;
            try (GradientCollector collector = backend.newGradientCollector()) {
                ModelOutput out = model.forward(images, new StepInfo(true, step, totalSteps));
                terms.put("reconstruction",
                        EngineConstants.times(reconstructionLoss.compute(out.reconstruction(), images), (float) loss.reconstructionWeight()));
                for (Map.Entry<String, NDArray> t : out.quantizer().losses().entrySet()) {
                    terms.put(t.getKey(), EngineConstants.times(t.getValue(), (float) loss.codebookWeight()));
                }
                total = null;
                for (NDArray t : terms.values()) {
                    total = total == null ? t : total.add(t);
                }
                metrics = out.quantizer().metrics();
                collector.backward(total);
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> t : terms.entrySet()) {
                double v = t.getValue().getFloat();
                if (!Double.isFinite(v)) {
                    throw new NonFiniteLossException(t.getKey(), step + 1, v);
                }
                values.put(t.getKey(), v);
            }
            double totalValue = total.getFloat();
            if (!Double.isFinite(totalValue)) {
                throw new NonFiniteLossException("total", step + 1, totalValue);
            }
            optimizer.step();
            double elapsed = (System.nanoTime() - began) / 1e9;
            double imagesPerSecond = (step + 1 - startStep) * (double) train.batchSize() / Math.max(elapsed, 1e-9);
            return new StepRecord(step + 1, totalSteps, totalValue, values, metrics, imagesPerSecond, elapsed);
        }
    }

    @Override
    public Experiment experiment() {
        return experiment;
    }

    @Override
    public RunDirectory runDirectory() {
        return run;
    }

    @Override
    public VqModel model() {
        return model;
    }

    @Override
    public long startStep() {
        return startStep;
    }

    @Override
    public long totalSteps() {
        return totalSteps;
    }

    /** The loss of the last completed step. */
    public double lastLoss() {
        return lastLoss;
    }

    /** What the backend says about itself (engine, device, threads). */
    public Map<String, String> backendDescription() {
        return backend.describe();
    }

    /** Steps completed so far (including those before a resume). */
    public long completedSteps() {
        return completedSteps;
    }

    @Override
    public Path checkpoint() throws IOException {
        return checkpoints.save(model, optimizer,
                Checkpoints.metadata(completedSteps, totalSteps, configHash, lastLoss));
    }
}
