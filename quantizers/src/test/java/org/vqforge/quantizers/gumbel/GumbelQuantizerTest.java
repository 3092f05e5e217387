package org.vqforge.quantizers.gumbel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.TestBuildContext;
import org.vqforge.quantizers.fsq.NativeMemoryChurn;

class GumbelQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);

    /** D = 2, K = 3: the projection weight as (in, out), row i for input channel i. */
    private static final float[] WEIGHT = {2, 0, -1, 1, 3, 0};

    private static final float[] BIAS = {0, 0.5f, 1};

    /** e0 = (1, 2), e1 = (-1, 0.5), e2 = (3, -2). */
    private static final float[] CODEBOOK = {1, 2, -1, 0.5f, 3, -2};

    /** Two positions, channels first: z0 = (1, 0), z1 = (0.5, -1). */
    private static final float[] LATENTS = {1, 0.5f, 0, -1};

    /** z W + b: z0 -> (2, 0.5, 0), argmax 0; z1 -> (0, -2.5, 0.5), argmax 2. */
    private static final double[][] LOGITS = {{2, 0.5, 0}, {0, -2.5, 0.5}};

    /** Noise that moves row 0's sample to code 2 while argmax(logits) stays 0. */
    private static final float[] NOISE = {0.3f, -0.5f, 2.5f, -0.1f, 0.8f, 0.0f};

    private TestBuildContext context;
    private NDManager step;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
        step = context.manager().newSubManager();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private GumbelQuantizer handSet(double klWeight, boolean hard, TauSchedule tau, float[] weight, float[] bias) {
        GumbelQuantizer gumbel = new GumbelQuantizer(2, new GumbelQuantizer.Settings(3, klWeight, hard, tau));
        gumbel.setInitializer(Tensors.fixed(weight), "projection.weight");
        gumbel.setInitializer(Tensors.fixed(bias), "projection.bias");
        gumbel.setInitializer(Tensors.fixed(CODEBOOK), "codebook");
        gumbel.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 1, 2));
        return gumbel;
    }

    private GumbelQuantizer handSet(boolean hard, TauSchedule tau) {
        return handSet(5e-4, hard, tau, WEIGHT, BIAS);
    }

    private NDArray latents() {
        NDArray z = step.create(LATENTS, new Shape(1, 2, 1, 2));
        z.setRequiresGradient(true);
        return z;
    }

    /** sum_k softmax((l + g) / tau)_k e_k per row, channels first, in plain Java. */
    private static float[] softOutput(double tau) {
        float[] out = new float[4];
        for (int row = 0; row < 2; row++) {
            double[] e = new double[3];
            double total = 0;
            for (int k = 0; k < 3; k++) {
                e[k] = Math.exp((LOGITS[row][k] + NOISE[row * 3 + k]) / tau);
                total += e[k];
            }
            for (int d = 0; d < 2; d++) {
                double v = 0;
                for (int k = 0; k < 3; k++) {
                    v += e[k] / total * CODEBOOK[k * 2 + d];
                }
                out[d * 2 + row] = (float) v;
            }
        }
        return out;
    }

    @Test
    void evaluationOutputsTheArgmaxCodeWithOrWithoutHardTraining() {
        for (boolean hard : new boolean[] {true, false}) {
            GumbelQuantizer gumbel = handSet(hard, TauSchedule.constant(1));
            QuantizerOutput out = gumbel.quantize(latents(), StepInfo.evaluation());
            assertArrayEquals(new long[] {0, 2}, out.indices().toLongArray(), "hard " + hard);
            // e0 = (1, 2) and e2 = (3, -2), channels first
            assertClose(new float[] {1, 3, 2, -2}, out.quantized(), 0, "hard " + hard);
            assertClose(out.quantized().toFloatArray(), gumbel.lookup(out.indices()), 0, "lookup");
        }
    }

    @Test
    void softTrainingOutputIsTheProbabilityWeightedSumOfTheCodes() {
        GumbelQuantizer gumbel = handSet(false, TauSchedule.constant(0.5));
        QuantizerOutput out = gumbel.quantize(latents(), TRAINING, step.create(NOISE, new Shape(2, 3)));
        assertClose(softOutput(0.5), out.quantized(), 1e-6, "soft output, tau 0.5");
        // the index is argmax(logits), whatever the noise
        assertArrayEquals(new long[] {0, 2}, out.indices().toLongArray());
    }

    @Test
    void trainingUsesTheTemperatureOfTheStep() {
        GumbelQuantizer gumbel = handSet(false, new TauSchedule(TauSchedule.Shape.LINEAR, 2, 0.5, 100));
        NDArray noise = step.create(NOISE, new Shape(2, 3));
        // step 50 of 100: tau = 2 + (0.5 - 2) / 2 = 1.25
        assertClose(softOutput(1.25), gumbel.quantize(latents(), new StepInfo(true, 50, 1000), noise).quantized(),
                1e-6, "tau 1.25");
        assertClose(softOutput(0.5), gumbel.quantize(latents(), new StepInfo(true, 100, 1000), noise).quantized(),
                1e-6, "tau 0.5");
    }

    @Test
    void hardTrainingOutputsTheSampledCodeWithTheSoftGradient() {
        GumbelQuantizer hard = handSet(true, TauSchedule.constant(0.5));
        NDArray noise = step.create(NOISE, new Shape(2, 3));
        NDArray z = latents();
        QuantizerOutput out = hard.quantize(z, TRAINING, noise);
        // l + g: row 0 (2.3, 0, 2.5) -> e2 = (3, -2); row 1 (-0.1, -1.7, 0.5) -> e2
        assertClose(new float[] {3, 3, -2, -2}, out.quantized(), 1e-6, "sampled codes");
        assertArrayEquals(new long[] {0, 2}, out.indices().toLongArray(), "argmax(logits), not the sample");

        NDArray w = step.create(new float[] {1, -2, 0.5f, 3}, new Shape(1, 2, 1, 2));
        float[] hardGradient = Tensors.gradients(() -> hard.quantize(z, TRAINING, noise).quantized().mul(w).sum(), z)[0];
        GumbelQuantizer soft = handSet(false, TauSchedule.constant(0.5));
        float[] softGradient = Tensors.gradients(() -> soft.quantize(z, TRAINING, noise).quantized().mul(w).sum(), z)[0];
        assertClose(softGradient, hardGradient, 1e-6, "straight-through: the soft weights' gradient");
        assertTrue(Math.abs(softGradient[0]) + Math.abs(softGradient[1]) > 1e-3, "a gradient to compare");
    }

    /**
     * The constants the backward pass reads (tau, K, klWeight) must outlive the Java objects that
     * made them: a garbage collection between forward and backward must not change the gradient
     * (see EngineConstants).
     */
    @Test
    void gradientSurvivesAGarbageCollectionBetweenForwardAndBackward() {
        GumbelQuantizer gumbel = handSet(0.5, false, TauSchedule.constant(0.5), WEIGHT, BIAS);
        NDArray noise = step.create(NOISE, new Shape(2, 3));
        NDArray z = latents();
        NDArray codebook = gumbel.codebook().getArray();
        float[][] quiet = Tensors.gradients(() -> {
            QuantizerOutput out = gumbel.quantize(z, TRAINING, noise);
            return out.totalLoss().add(out.quantized().sum());
        }, z, codebook);
        for (int round = 0; round < 3; round++) {
            float[][] disturbed = Tensors.gradients(() -> {
                QuantizerOutput out = gumbel.quantize(z, TRAINING, noise);
                NDArray loss = out.totalLoss().add(out.quantized().sum());
                NativeMemoryChurn.run();
                return loss;
            }, z, codebook);
            assertClose(quiet[0], disturbed[0], 0, "d/dz after a collection, round " + round);
            assertClose(quiet[1], disturbed[1], 0, "d/d codebook after a collection, round " + round);
        }
    }

    @Test
    void klTermOnHandSetLogits() {
        // zero weight, bias (0, ln 2, ln 3): q = (1/6, 1/3, 1/2) everywhere;
        // sum q log(3 q) = (1/6) ln(1/2) + (1/3) ln 1 + (1/2) ln(3/2) = 0.0872080...
        float[] bias = {0, (float) Math.log(2), (float) Math.log(3)};
        GumbelQuantizer gumbel = handSet(0.5, false, TauSchedule.constant(1), new float[6], bias);
        QuantizerOutput out = gumbel.quantize(latents(), StepInfo.evaluation());
        double kl = Math.log(0.5) / 6 + Math.log(1.5) / 2;
        assertEquals(0.0872080, kl, 1e-7);
        assertEquals(1, out.losses().size());
        assertEquals(0.5 * kl, out.losses().get("kl").getFloat(), 1e-7);
        assertEquals(0.5 * kl, out.totalLoss().getFloat(), 1e-7);
    }

    @Test
    void klTermMatchesAPlainJavaComputationAndDoesNotDependOnTheNoise() {
        double expected = 0;
        for (double[] logits : LOGITS) {
            double total = 0;
            for (double l : logits) {
                total += Math.exp(l);
            }
            for (double l : logits) {
                double q = Math.exp(l) / total;
                expected += q * Math.log(q * 3 + 1e-10) / 2;
            }
        }
        GumbelQuantizer gumbel = handSet(5e-4, false, TauSchedule.constant(1), WEIGHT, BIAS);
        QuantizerOutput training = gumbel.quantize(latents(), TRAINING, step.create(NOISE, new Shape(2, 3)));
        assertEquals(5e-4 * expected, training.losses().get("kl").getFloat(), 1e-9);
        assertEquals(5e-4 * expected, gumbel.quantize(latents(), StepInfo.evaluation()).losses().get("kl").getFloat(), 1e-9);
    }

    @Test
    void tauScheduleValuesAtTheStartMiddleAndEnd() {
        TauSchedule constant = new TauSchedule(TauSchedule.Shape.CONSTANT, 2, 0.5, 100);
        TauSchedule linear = new TauSchedule(TauSchedule.Shape.LINEAR, 2, 0.5, 100);
        TauSchedule cosine = new TauSchedule(TauSchedule.Shape.COSINE, 2, 0.5, 100);
        long[] steps = {0, 25, 50, 100, 150};
        double[] constantTau = {2, 2, 2, 2, 2};
        double[] linearTau = {2, 1.625, 1.25, 0.5, 0.5};
        // 0.5 + 1.5 (1 + cos(pi t)) / 2: t = 1/4 gives 0.5 + 0.75 (1 + sqrt(2)/2) = 1.78033
        double[] cosineTau = {2, 0.5 + 0.75 * (1 + Math.sqrt(0.5)), 1.25, 0.5, 0.5};
        for (int i = 0; i < steps.length; i++) {
            StepInfo at = new StepInfo(true, steps[i], 1000);
            assertEquals(constantTau[i], constant.at(at), 1e-12, "constant at " + steps[i]);
            assertEquals(linearTau[i], linear.at(at), 1e-12, "linear at " + steps[i]);
            assertEquals(cosineTau[i], cosine.at(at), 1e-12, "cosine at " + steps[i]);
        }
        assertEquals(1.78033, cosine.at(new StepInfo(true, 25, 1000)), 1e-5);
        // steps = 0: over the run's total steps (here 200)
        TauSchedule overRun = new TauSchedule(TauSchedule.Shape.LINEAR, 2, 0.5, 0);
        assertEquals(2, overRun.at(new StepInfo(true, 0, 200)), 1e-12);
        assertEquals(1.25, overRun.at(new StepInfo(true, 100, 200)), 1e-12);
        assertEquals(0.5, overRun.at(new StepInfo(true, 200, 200)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new TauSchedule(TauSchedule.Shape.LINEAR, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new TauSchedule(TauSchedule.Shape.LINEAR, 1, 1, -1));
    }

    @Test
    void gumbelNoiseHasTheStandardGumbelMomentsAndFollowsTheEngineSeed() {
        NDArray g = GumbelQuantizer.gumbelNoise(step, new Shape(200_000));
        float[] values = g.toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            assertTrue(Float.isFinite(v));
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / values.length;
        double variance = squares / values.length - mean * mean;
        // Euler-Mascheroni constant and pi^2/6; standard errors about 0.003 and 0.01
        assertEquals(0.5772157, mean, 0.015);
        assertEquals(Math.PI * Math.PI / 6, variance, 0.05);

        context.backend().seed(42);
        float[] first = GumbelQuantizer.gumbelNoise(step, new Shape(16)).toFloatArray();
        context.backend().seed(42);
        assertClose(first, GumbelQuantizer.gumbelNoise(step, new Shape(16)).toFloatArray(), 0, "same seed");
    }

    @Test
    void trainingDrawsNoiseAndEvaluationDoesNot() {
        GumbelQuantizer gumbel = handSet(false, TauSchedule.constant(1));
        context.backend().seed(1);
        float[] a = gumbel.quantize(latents(), TRAINING).quantized().toFloatArray();
        float[] b = gumbel.quantize(latents(), TRAINING).quantized().toFloatArray();
        assertTrue(!java.util.Arrays.equals(a, b), "two training draws differ");
        context.backend().seed(1);
        assertClose(a, gumbel.quantize(latents(), TRAINING).quantized(), 0, "same seed, same draw");
        float[] e1 = gumbel.quantize(latents(), StepInfo.evaluation()).quantized().toFloatArray();
        assertClose(e1, gumbel.quantize(latents(), StepInfo.evaluation()).quantized(), 0, "evaluation is deterministic");
    }

    @Test
    void defaultInitialisationIsLikeTheReference() {
        GumbelQuantizer gumbel = new GumbelQuantizer(64, new GumbelQuantizer.Settings(512, 5e-4, false,
                TauSchedule.constant(1)));
        gumbel.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 64, 7, 7));
        NDArray codebook = gumbel.codebook().getArray();
        assertShape(codebook, 512, 64);
        // nn.Embedding: N(0, 1), 32768 draws
        assertEquals(0, codebook.mean().getFloat(), 0.03);
        assertEquals(1, codebook.square().mean().getFloat(), 0.04);
        // nn.Conv2d(64, 512, 1): uniform in +-1/8
        NDArray weight = gumbel.projection().weight().getArray();
        assertShape(weight, 64, 512);
        assertTrue(weight.abs().max().getFloat() <= 0.125f);
        assertTrue(weight.abs().max().getFloat() > 0.12f);
        assertTrue(gumbel.projection().bias().getArray().abs().max().getFloat() <= 0.125f);

        NDArray z = step.randomNormal(new Shape(2, 64, 7, 7));
        QuantizerOutput out = gumbel.quantize(z, TRAINING);
        assertShape(out.quantized(), 2, 64, 7, 7);
        assertShape(out.indices(), 2, 7, 7);
        assertTrue(out.metrics().get("usage") > 0 && out.metrics().get("perplexity") >= 1);
    }

    @Test
    void blockForwardReturnsQuantizedIndicesAndKl() {
        GumbelQuantizer gumbel = handSet(false, TauSchedule.constant(1));
        NDList out = gumbel.forward(new ParameterStore(context.manager(), false), new NDList(latents()), false);
        assertClose(new float[] {1, 3, 2, -2}, out.get(0), 0, "quantized");
        assertArrayEquals(new long[] {0, 2}, out.get(1).toLongArray());
        assertEquals(gumbel.quantize(latents(), StepInfo.evaluation()).totalLoss().getFloat(), out.get(2).getFloat(), 0);
    }

    @Test
    @SuppressWarnings("try") // the resource is opened for its side effect
    void perStepArraysStayOffTheParameterManager() {
        for (boolean hard : new boolean[] {false, true}) {
            GumbelQuantizer gumbel = new GumbelQuantizer(8, new GumbelQuantizer.Settings(32, 5e-4, hard,
                    new TauSchedule(TauSchedule.Shape.COSINE, 2, 0.5, 0)));
            QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, gumbel, new Shape(2, 8, 4, 4), 5);
        }
    }
}
