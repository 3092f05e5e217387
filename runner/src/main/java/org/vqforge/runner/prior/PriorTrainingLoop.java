package org.vqforge.runner.prior;

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
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.EpochOrder;
import org.vqforge.runner.model.PriorModel;
import org.vqforge.runner.train.Adam;
import org.vqforge.runner.train.Checkpoints;
import org.vqforge.runner.train.GradientClipping;
import org.vqforge.runner.train.LearningRateSchedule;
import org.vqforge.runner.train.NonFiniteLossException;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.StepRecord;
import org.vqforge.runner.train.Trainer;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingLoop;
import org.vqforge.runner.train.TrainingSession;

/**
 * Trains a prior: each step a batch of the tokenizer's training sequences (with their classes), the
 * cross-entropy of the prior's next-token logits, one AdamW step following the learning-rate
 * schedule. As for tokenizers, each step runs in its own child manager, and the engine is re-seeded
 * from (seed, step) before it (dropout, class dropout), so a resumed run is the run that never stopped.
 */
public final class PriorTrainingLoop implements TrainingSession, Trainer {

    private final Experiment experiment;
    private final Backend backend;
    private final PriorModel model;
    private final PriorData data;
    private final RunDirectory run;
    private final List<TrainingListener> listeners;
    private final String configHash;
    private final Checkpoints checkpoints;
    private Checkpoints.State state;
    private long startStep;
    private long totalSteps;
    private long completedSteps;
    private double lastLoss = Double.NaN;

    @Inject
    public PriorTrainingLoop(Experiment experiment, Backend backend, PriorModel model, PriorData data,
            RunDirectory run, Set<TrainingListener> listeners, @Named("configHash") String configHash) {
        this.experiment = experiment;
        this.backend = backend;
        this.model = model;
        this.data = data;
        this.run = run;
        this.listeners = List.copyOf(listeners);
        this.configHash = configHash;
        this.checkpoints = new Checkpoints(run, 2);
    }

    @Override
    public void run() throws IOException {
        TokenizerRecord.recordOrCheck(run.root(), data.tokenizer());
        var train = experiment.train();
        EpochOrder order = new EpochOrder(data.train().count(), Math.min(train.batchSize(), data.train().count()),
                train.seed());
        totalSteps = train.steps() > 0 ? train.steps() : (long) train.epochs() * order.stepsPerEpoch();
        LearningRateSchedule schedule = LearningRateSchedule.of(train, totalSteps);
        Adam optimizer = new Adam(model.trainableParameters(), (float) train.learningRate(), (float) train.beta1(),
                (float) train.beta2(), Adam.EPSILON, (float) PriorSpec.from(experiment).weightDecay());
        state = new Checkpoints.State(model, optimizer, null, null, null);
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
                StepRecord record = step(order, schedule, step, began);
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

    private StepRecord step(EpochOrder order, LearningRateSchedule schedule, long step, long began) {
        var train = experiment.train();
        try (NDManager stepManager = model.manager().newSubManager()) {
            backend.seed(TrainingLoop.stepSeed(train.seed(), step));
            int[] picks = order.picks(step);
            NDArray tokens = data.train().tokens(picks, stepManager);
            NDArray classes = data.train().classes(picks, stepManager);
            double nats;
            try (GradientCollector collector = backend.newGradientCollector()) {
                NDArray loss = CrossEntropy.meanNats(model.logits(tokens, classes, true), tokens);
                nats = loss.getFloat();
                if (!Double.isFinite(nats)) {
                    throw new NonFiniteLossException("cross_entropy", step + 1, nats);
                }
                collector.backward(loss);
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("bits_per_token", CrossEntropy.bits(nats));
            if (train.gradClip() > 0) {
                metrics.put("grad_norm", GradientClipping.clip(model.trainableParameters().values(), train.gradClip()));
            }
            double rate = schedule.rate(step);
            if (!schedule.isConstant()) {
                metrics.put("learning_rate", rate);
            }
            state.optimizer().step((float) rate);
            double elapsed = (System.nanoTime() - began) / 1e9;
            double sequencesPerSecond = (step + 1 - startStep) * (double) picks.length / Math.max(elapsed, 1e-9);
            metrics.put("tokens_per_s", sequencesPerSecond * data.layout().length());
            return new StepRecord(step + 1, totalSteps, nats, Map.of("cross_entropy", nats), metrics,
                    sequencesPerSecond, elapsed);
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
    public PriorModel model() {
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

    @Override
    public Path checkpoint() throws IOException {
        return checkpoints.save(state, Checkpoints.metadata(completedSteps, totalSteps, configHash, lastLoss));
    }
}
