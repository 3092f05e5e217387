package org.vqforge.runner.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vqforge.runner.config.Experiment;

/**
 * What every model type's training shares: it resumes from the run's latest checkpoint, calls the
 * listeners around its steps (whatever happens, {@code onEnd} is called, saying whether the run
 * completed), and saves its state as a checkpoint when asked. A model type writes its steps.
 */
public abstract class StepwiseTraining implements TrainingSession, Trainer {

    protected final Experiment experiment;
    protected final RunDirectory run;
    private final List<TrainingListener> listeners;
    private final String configHash;
    private final Checkpoints checkpoints;
    private Checkpoints.State state;
    private long startStep;
    private long totalSteps;
    private long completedSteps;
    private double lastLoss = Double.NaN;

    protected StepwiseTraining(Experiment experiment, RunDirectory run, Set<TrainingListener> listeners,
            String configHash) {
        this.experiment = experiment;
        this.run = run;
        this.listeners = List.copyOf(listeners);
        this.configHash = configHash;
        this.checkpoints = new Checkpoints(run, 2);
    }

    /** Called once before anything is restored: sets up the data and returns the total number of steps. */
    protected abstract long prepare() throws IOException;

    /** The state a checkpoint saves and restores: the model, its optimisers, any moving average. */
    protected abstract Checkpoints.State newState();

    /**
     * Trains the 0-based step {@code step}.
     *
     * @param began {@link System#nanoTime()} when this process's first step began
     */
    protected abstract StepRecord step(long step, long began);

    @Override
    public final void run() throws IOException {
        totalSteps = prepare();
        state = newState();
        Optional<Path> latest = run.latestCheckpoint();
        if (latest.isPresent()) {
            startStep = Checkpoints.load(latest.get(), state).step();
        }
        completedSteps = startStep;
        listeners.forEach(l -> l.onStart(this));
        boolean completed = false;
        try {
            long began = System.nanoTime();
            for (long step = startStep; step < totalSteps; step++) {
                StepRecord record = step(step, began);
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

    /** The state built by {@link #newState()} (restored on resume). */
    protected final Checkpoints.State state() {
        return state;
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
    public long startStep() {
        return startStep;
    }

    @Override
    public long totalSteps() {
        return totalSteps;
    }

    /** Steps completed so far (including those before a resume). */
    public long completedSteps() {
        return completedSteps;
    }

    /** The loss of the last completed step. */
    public double lastLoss() {
        return lastLoss;
    }

    /** Images (or sequences) per second since this process began training, for a step record. */
    protected final double itemsPerSecond(long step, int batchSize, long began) {
        double elapsed = (System.nanoTime() - began) / 1e9;
        return (step + 1 - startStep) * (double) batchSize / Math.max(elapsed, 1e-9);
    }

    @Override
    public Path checkpoint() throws IOException {
        return checkpoints.save(state, Checkpoints.metadata(completedSteps, totalSteps, configHash, lastLoss));
    }
}
