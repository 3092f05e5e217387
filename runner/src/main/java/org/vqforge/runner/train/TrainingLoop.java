package org.vqforge.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.loss.DiscriminatorBatch;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.config.AdversarialSpec;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.TrainingData;
import org.vqforge.runner.model.Discriminator;
import org.vqforge.runner.model.ModelOutput;
import org.vqforge.runner.model.VqModel;

/**
 * The optimisation loop. Generator loss = w_rec * reconstruction + w_perc * perceptual + w_cb *
 * quantizer terms, plus for a vqgan from {@code discStart} on adaptive * discFactor * the
 * generator's adversarial loss ({@link AdaptiveWeight}); one Adam step per batch. A vqgan then
 * takes a discriminator step on the real batch and the (detached) reconstructions of the same
 * forward pass, with its own Adam: loss = discFactor * the objective's discriminator loss (as
 * taming scales it), from {@code discStart} on, or from step 0 with {@code trainDiscBeforeStart}.
 * The discriminator's gradients are zeroed after the generator step (the adversarial term's
 * backward reaches them) and after the objective computes its loss (a penalty may run a backward
 * pass of its own). Any loss that is not finite stops the run before an optimiser step.
 *
 * <p>Both optimisers follow the {@link LearningRateSchedule} (warm-up, then constant or cosine).
 *
 * <p>Each step runs in its own child manager, closed at the end of the step, so native memory
 * stays flat. The engine is re-seeded from (seed, step) before every step, which makes a resumed
 * run draw the same random numbers as one that never stopped.
 */
public final class TrainingLoop extends StepwiseTraining {

    private final Backend backend;
    private final VqModel model;
    private final Objective objective;
    private final TrainingData data;
    private Batches batches;
    private LearningRateSchedule schedule;

    @Inject
    public TrainingLoop(Experiment experiment, Backend backend, VqModel model, Objective objective,
            TrainingData data, RunDirectory run, Set<TrainingListener> listeners,
            @Named("configHash") String configHash) {
        super(experiment, run, listeners, configHash);
        this.backend = backend;
        this.model = model;
        this.objective = objective;
        this.data = data;
    }

    /** Seed of step {@code step}: a fixed mix of the run's seed and the step. */
    public static long stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    @Override
    protected long prepare() {
        var train = experiment.train();
        batches = new Batches(data.train(), train.batchSize(), train.seed());
        long totalSteps = train.steps() > 0 ? train.steps() : (long) train.epochs() * batches.stepsPerEpoch();
        schedule = LearningRateSchedule.of(train, totalSteps);
        return totalSteps;
    }

    @Override
    protected Checkpoints.State newState() {
        var train = experiment.train();
        Adam generator = new Adam(model.trainableParameters(), (float) train.learningRate(), (float) train.beta1(),
                (float) train.beta2(), Adam.EPSILON);
        Discriminator discriminator = objective.optionalAdversary().map(Adversary::discriminator).orElse(null);
        Adam discriminatorOptimizer = discriminator == null ? null
                : new Adam(discriminator.trainableParameters(), (float) train.discLearningRate(),
                        (float) train.beta1(), (float) train.beta2(), Adam.EPSILON);
        WeightAverage average = train.emaDecay() > 0
                ? new WeightAverage(model.trainableParameters(), train.emaDecay(), model.manager())
                : null;
        return new Checkpoints.State(model, generator, discriminator, discriminatorOptimizer, average);
    }

    @Override
    protected StepRecord step(long step, long began) {
        var train = experiment.train();
        try (NDManager stepManager = model.manager().newSubManager()) {
            backend.seed(stepSeed(train.seed(), step));
            NDArray images = batches.batch(step, stepManager);
            Map<String, Double> metrics = new LinkedHashMap<>();
            GeneratorStep generator = generatorStep(images, step, stepManager, metrics);
            Adversary adversary = objective.adversary();
            if (adversary != null && adversary.spec().discriminatorTrains(step)) {
                discriminatorStep(adversary, images, generator.reconstruction(), step, metrics);
            }
            return new StepRecord(step + 1, totalSteps(), generator.loss(), generator.terms(), metrics,
                    itemsPerSecond(step, train.batchSize(), began), (System.nanoTime() - began) / 1e9);
        }
    }

    /** What the generator step leaves for the rest of the step. */
    private record GeneratorStep(double loss, Map<String, Double> terms, NDArray reconstruction) {}

    private GeneratorStep generatorStep(NDArray images, long step, NDManager stepManager, Map<String, Double> metrics) {
        var loss = experiment.loss();
        Adversary adversary = objective.adversary();
        boolean adversarialOn = adversary != null && adversary.spec().generatorTermOn(step);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        Map<String, Double> values = new LinkedHashMap<>();
        double total;
        NDArray reconstruction;
        try (GradientCollector collector = backend.newGradientCollector()) {
            ModelOutput out = model.forward(images, new StepInfo(true, step, totalSteps()));
            terms.put("reconstruction", EngineConstants.times(
                    objective.reconstruction().compute(out.reconstruction(), images), loss.reconstructionWeight()));
            if (objective.perceptual() != null) {
                terms.put("perceptual", EngineConstants.times(
                        objective.perceptual().compute(out.reconstruction(), images), loss.perceptualWeight()));
            }
            NDArray reconstructionTotal = sum(terms.values());
            Map<String, NDArray> codebookTerms = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> t : out.quantizer().losses().entrySet()) {
                codebookTerms.put(t.getKey(), EngineConstants.times(t.getValue(), loss.codebookWeight()));
            }
            terms.putAll(codebookTerms);
            metrics.putAll(out.quantizer().metrics());
            for (Map.Entry<String, NDArray> t : terms.entrySet()) {
                values.put(t.getKey(), finite(t.getKey(), t.getValue().getFloat(), step));
            }
            if (!adversarialOn) {
                NDArray all = sum(terms.values());
                total = finite("total", all.getFloat(), step);
                collector.backward(all);
            } else {
                NDArray fakeLogits = adversary.discriminator().logits(out.reconstruction(), true);
                NDArray generatorAdversarial = adversary.loss().generatorLoss(fakeLogits);
                double gAdv = finite("adversarial", generatorAdversarial.getFloat(), step);
                AdversarialSpec spec = adversary.spec();
                double adaptive = AdaptiveWeight.backward(backend, reconstructionTotal,
                        codebookTerms.isEmpty() ? null : sum(codebookTerms.values()), generatorAdversarial,
                        model.decoderOutputWeight(), model.trainableParameters().values(), spec.discWeight(),
                        spec.discFactor(), stepManager);
                finite("adaptive_weight", adaptive, step);
                values.put("adversarial", adaptive * spec.discFactor() * gAdv);
                total = values.values().stream().mapToDouble(Double::doubleValue).sum();
                metrics.put("g_adv", gAdv);
                metrics.put("adaptive_weight", adaptive);
            }
            reconstruction = out.reconstruction().stopGradient();
            reconstruction.attach(stepManager);
        }
        Collection<Parameter> generator = model.trainableParameters().values();
        if (experiment.train().gradClip() > 0) {
            metrics.put("grad_norm", GradientClipping.clip(generator, experiment.train().gradClip()));
        }
        double rate = schedule.rate(step);
        if (!schedule.isConstant()) {
            metrics.put("learning_rate", rate);
        }
        state().optimizer().step((float) rate);
        if (adversarialOn) {
            // the adversarial term's backward reached the discriminator; its optimiser must not see that
            zeroGradients(adversary.discriminator().trainableParameters().values());
        }
        if (state().average() != null) {
            state().average().update();
        }
        return new GeneratorStep(total, values, reconstruction);
    }

    private void discriminatorStep(Adversary adversary, NDArray real, NDArray fake, long step,
            Map<String, Double> metrics) {
        Discriminator discriminator = adversary.discriminator();
        Collection<Parameter> parameters = discriminator.trainableParameters().values();
        try (GradientCollector collector = backend.newGradientCollector()) {
            NDArray realLogits = discriminator.logits(real, true);
            NDArray fakeLogits = discriminator.logits(fake, true);
            NDArray discriminatorLoss = adversary.loss().discriminatorLoss(new DiscriminatorBatch(real, fake,
                    realLogits, fakeLogits, x -> discriminator.logits(x, true), backend));
            // the loss may have run backward passes of its own (a gradient penalty): start clean
            zeroGradients(parameters);
            double value = finite("discriminator", discriminatorLoss.getFloat(), step);
            metrics.put("d_loss", value);
            metrics.put("logits_real", (double) realLogits.mean().getFloat());
            metrics.put("logits_fake", (double) fakeLogits.mean().getFloat());
            collector.backward(EngineConstants.times(discriminatorLoss, adversary.spec().discFactor()));
        }
        if (experiment.train().gradClip() > 0) {
            metrics.put("d_grad_norm", GradientClipping.clip(parameters, experiment.train().gradClip()));
        }
        Adam optimizer = state().discriminatorOptimizer();
        optimizer.step((float) (optimizer.learningRate() * schedule.factor(step)));
        adversary.loss().afterDiscriminatorStep(discriminator.block());
    }

    private void zeroGradients(Collection<Parameter> parameters) {
        for (Parameter p : parameters) {
            backend.zeroGradient(p.getArray());
        }
    }

    private static NDArray sum(Collection<NDArray> terms) {
        NDArray total = null;
        for (NDArray t : terms) {
            total = total == null ? t : total.add(t);
        }
        return total;
    }

    private static double finite(String loss, double value, long step) {
        if (!Double.isFinite(value)) {
            throw new NonFiniteLossException(loss, step + 1, value);
        }
        return value;
    }

    @Override
    public VqModel model() {
        return model;
    }

    /** What the backend says about itself (engine, device, threads). */
    public Map<String, String> backendDescription() {
        return backend.describe();
    }

    @Override
    public WeightAverage.Swap evaluationWeights() {
        return state() != null && state().average() != null ? state().average().swapIn() : () -> { };
    }
}
