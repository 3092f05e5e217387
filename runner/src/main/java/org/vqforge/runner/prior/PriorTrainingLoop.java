package org.vqforge.runner.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
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
import org.vqforge.runner.train.StepwiseTraining;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingLoop;

/**
 * Trains a prior: each step a batch of the tokenizer's training sequences (with their classes), the
 * cross-entropy of the prior's next-token logits, one AdamW step following the learning-rate
 * schedule. At every checkpoint step and the last, the test split's NLL is logged beside the step's
 * ({@code test_bits_per_token}). As for tokenizers, each step runs in its own child manager, and the engine is re-seeded
 * from (seed, step) before it (dropout, class dropout), so a resumed run is the run that never stopped.
 */
public final class PriorTrainingLoop extends StepwiseTraining {

    private final Backend backend;
    private final PriorModel model;
    private final PriorData data;
    private final TestScores testScores;
    private EpochOrder order;
    private LearningRateSchedule schedule;
    private long evaluationNanos;

    @Inject
    public PriorTrainingLoop(Experiment experiment, Backend backend, PriorModel model, PriorData data,
            TestScores testScores, RunDirectory run, Set<TrainingListener> listeners,
            @Named("configHash") String configHash) {
        super(experiment, run, listeners, configHash);
        this.backend = backend;
        this.model = model;
        this.data = data;
        this.testScores = testScores;
    }

    @Override
    protected long prepare() throws IOException {
        TokenizerRecord.recordOrCheck(run.root(), data.tokenizer());
        var train = experiment.train();
        order = new EpochOrder(data.train().count(), Math.min(train.batchSize(), data.train().count()), train.seed());
        long totalSteps = train.totalSteps(order.stepsPerEpoch());
        schedule = LearningRateSchedule.of(train, totalSteps);
        return totalSteps;
    }

    @Override
    protected Checkpoints.State newState() {
        var train = experiment.train();
        Adam optimizer = new Adam(model.trainableParameters(), (float) train.learningRate(), (float) train.beta1(),
                (float) train.beta2(), Adam.EPSILON, (float) PriorSpec.from(experiment).weightDecay());
        return new Checkpoints.State(model, optimizer, null, null, null);
    }

    @Override
    protected StepRecord step(long step, long began) {
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
            state().optimizer().step((float) rate);
            // the test evaluations' time is not training time
            double sequencesPerSecond = itemsPerSecond(step, picks.length, began + evaluationNanos);
            metrics.put("tokens_per_s", sequencesPerSecond * data.layout().length());
            if (testedAt(step + 1)) {
                long start = System.nanoTime();
                metrics.put("test_bits_per_token", testScores.after(step + 1).testBitsPerToken());
                evaluationNanos += System.nanoTime() - start;
            }
            return new StepRecord(step + 1, totalSteps(), nats, Map.of("cross_entropy", nats), metrics,
                    sequencesPerSecond, (System.nanoTime() - began) / 1e9);
        }
    }

    /** The test NLL is logged at every checkpoint step and the last: the curve of the run's page. */
    private boolean testedAt(long completed) {
        int every = experiment.train().checkpointEvery();
        return completed == totalSteps() || every > 0 && completed % every == 0;
    }

    @Override
    public PriorModel model() {
        return model;
    }
}
