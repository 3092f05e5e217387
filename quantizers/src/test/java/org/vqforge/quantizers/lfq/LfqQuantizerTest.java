package org.vqforge.quantizers.lfq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.TestBuildContext;
import org.vqforge.quantizers.fsq.NativeMemoryChurn;

class LfqQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);

    /** Two positions of 2 bits, channels first: z0 = (0.01, -0.02), z1 = (0.005, 0.003). */
    private static final float[] TWO_BY_TWO = {0.01f, 0.005f, -0.02f, 0.003f};

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

    private LfqQuantizer initialised(int dimension, LfqQuantizer.Settings settings, Shape latents) {
        LfqQuantizer lfq = new LfqQuantizer(dimension, settings);
        lfq.initialize(context.manager(), DataType.FLOAT32, latents);
        return lfq;
    }

    private static LfqQuantizer.Settings settings(int bits, double gamma, double temperature) {
        return new LfqQuantizer.Settings(bits, 0.1, 0.25, gamma, temperature);
    }

    /**
     * The entropy penalty in plain Java, in double: rows z (n x bits), code c of index k has +1 in
     * channel i when bit i of k is set; p(c|z) = softmax_c(2 z.c / t).
     */
    private static double penalty(double[][] z, double gamma, double t) {
        int n = z.length;
        int bits = z[0].length;
        int size = 1 << bits;
        double[] mean = new double[size];
        double perVector = 0;
        for (double[] row : z) {
            double[] logits = new double[size];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < size; k++) {
                for (int i = 0; i < bits; i++) {
                    logits[k] += 2 * row[i] * (((k >> i) & 1) == 1 ? 1 : -1) / t;
                }
                max = Math.max(max, logits[k]);
            }
            double total = 0;
            for (int k = 0; k < size; k++) {
                total += Math.exp(logits[k] - max);
            }
            for (int k = 0; k < size; k++) {
                double p = Math.exp(logits[k] - max) / total;
                perVector -= p * Math.log(p) / n;
                mean[k] += p / n;
            }
        }
        double codebook = 0;
        for (double p : mean) {
            if (p > 0) {
                codebook -= p * Math.log(p);
            }
        }
        return perVector - gamma * codebook;
    }

    /** Rows (position-major) of channels-first latents (1, bits, 1, n). */
    private static double[][] rows(float[] channelsFirst, int bits) {
        int n = channelsFirst.length / bits;
        double[][] z = new double[n][bits];
        for (int c = 0; c < bits; c++) {
            for (int p = 0; p < n; p++) {
                z[p][c] = channelsFirst[c * n + p];
            }
        }
        return z;
    }

    @Test
    void everyIndexRoundTripsThroughTheQuantizerForFourBits() {
        int bits = 4;
        int size = 16;
        float[] codes = new float[size * bits];
        float[] latents = new float[size * bits];
        for (int k = 0; k < size; k++) {
            for (int i = 0; i < bits; i++) {
                float sign = ((k >> i) & 1) == 1 ? 1 : -1;
                codes[k * bits + i] = sign;
                latents[i * size + k] = sign * (0.1f + 0.05f * i + 0.01f * k);
            }
        }
        LfqQuantizer lfq = initialised(bits, settings(bits, 1, 0.01), new Shape(1, bits, 1, size));
        assertFalse(lfq.projects());
        assertEquals(size, lfq.codebookSize());
        NDArray all = step.arange(0, size, 1, DataType.INT64);
        assertClose(codes, lfq.codes().toCodes(all), 0, "index -> code");
        for (int k = 0; k < size; k++) {
            assertClose(java.util.Arrays.copyOfRange(codes, k * bits, (k + 1) * bits), lfq.codes().code(k), 0, "code " + k);
        }
        assertClose(codes, lfq.codes().allCodesByColumn(step).transpose(), 0, "all codes");

        QuantizerOutput out = lfq.quantize(step.create(latents, new Shape(1, bits, 1, size)), TRAINING);
        long[] expected = new long[size];
        for (int k = 0; k < size; k++) {
            expected[k] = k;
        }
        assertArrayEquals(expected, out.indices().toLongArray(), "code -> index");
        // z + (q - z) can differ from q in the last bit
        assertClose(out.quantized().toFloatArray(), lfq.lookup(out.indices()), 1e-6, "lookup(indices) = quantized");
        assertEquals(1.0, out.metrics().get("usage"), 0);
        assertEquals(16, out.metrics().get("perplexity"), 1e-9);
    }

    @Test
    void quantizesToTheSignWithZeroGoingToMinusOne() {
        LfqQuantizer lfq = initialised(2, settings(2, 1, 0.01), new Shape(1, 2, 1, 2));
        QuantizerOutput out = lfq.quantize(step.create(new float[] {0.3f, 0, -2, 1e-6f}, new Shape(1, 2, 1, 2)), TRAINING);
        assertClose(new float[] {1, -1, -1, 1}, out.quantized(), 1e-6, "signs");
        // position 0: (+1, -1) -> bit 0; position 1: (-1, +1) -> bit 1
        assertArrayEquals(new long[] {1, 2}, out.indices().toLongArray());
    }

    @Test
    void entropyLossOnTwoBitsAndTwoPositionsMatchesAPlainJavaComputation() {
        for (double gamma : new double[] {1.0, 0.5, 0.0}) {
            LfqQuantizer lfq = initialised(2, settings(2, gamma, 0.01), new Shape(1, 2, 1, 2));
            QuantizerOutput out = lfq.quantize(step.create(TWO_BY_TWO, new Shape(1, 2, 1, 2)), TRAINING);
            double expected = 0.1 * penalty(rows(TWO_BY_TWO, 2), gamma, 0.01);
            assertEquals(expected, out.losses().get("entropy").getFloat(), 1e-6, "gamma " + gamma);
        }
        // zero latents: every p(.|z) is uniform, so both entropies are ln 4 and the penalty is (1 - gamma) ln 4
        LfqQuantizer lfq = initialised(2, settings(2, 0.5, 0.01), new Shape(1, 2, 1, 2));
        QuantizerOutput out = lfq.quantize(step.zeros(new Shape(1, 2, 1, 2)), TRAINING);
        assertEquals(0.1 * 0.5 * Math.log(4), out.losses().get("entropy").getFloat(), 1e-7);
    }

    @Test
    void commitmentIsTheWeightedMeanSquaredDistanceToTheSigns() {
        LfqQuantizer lfq = initialised(2, settings(2, 1, 0.01), new Shape(1, 2, 1, 2));
        NDArray z = step.create(TWO_BY_TWO, new Shape(1, 2, 1, 2));
        z.setRequiresGradient(true);
        QuantizerOutput out = lfq.quantize(z, TRAINING);
        // z0 = (0.01, -0.02) -> (1, -1); z1 = (0.005, 0.003) -> (1, 1)
        double expected = 0.25 * (0.99 * 0.99 + 0.98 * 0.98 + 0.995 * 0.995 + 0.997 * 0.997) / 4;
        assertEquals(expected, out.losses().get("commitment").getFloat(), 1e-6);
        assertEquals(2, out.losses().size());
        // d/dz = 2 * 0.25 (z - q) / 4, channels first
        float[] q = {1, 1, -1, 1};
        float[] expectedGradient = new float[4];
        for (int i = 0; i < 4; i++) {
            expectedGradient[i] = 2 * 0.25f * (TWO_BY_TWO[i] - q[i]) / 4;
        }
        float[] g = Tensors.gradients(() -> lfq.quantize(z, TRAINING).losses().get("commitment"), z)[0];
        assertClose(expectedGradient, g, 1e-7, "d commitment / dz");
    }

    @Test
    void straightThroughPassesTheOutputGradientToTheLatentsUnchanged() {
        LfqQuantizer lfq = initialised(3, settings(3, 1, 0.01), new Shape(2, 3, 2, 2));
        NDArray z = step.randomNormal(new Shape(2, 3, 2, 2));
        z.setRequiresGradient(true);
        float[] w = new float[24];
        Random random = new Random(5);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        NDArray weights = step.create(w, new Shape(2, 3, 2, 2));
        float[] g = Tensors.gradients(() -> lfq.quantize(z, TRAINING).quantized().mul(weights).sum(), z)[0];
        assertClose(w, g, 0, "d sum(w q) / dz");
    }

    @Test
    void entropyGradientAgreesWithFiniteDifferences() {
        int bits = 3;
        int n = 4;
        double t = 0.5;
        double gamma = 1.0;
        Random random = new Random(11);
        float[] zs = new float[bits * n];
        for (int i = 0; i < zs.length; i++) {
            zs[i] = (float) (0.5 * random.nextGaussian());
        }
        LfqQuantizer lfq = initialised(bits, settings(bits, gamma, t), new Shape(1, bits, 1, n));
        NDArray z = step.create(zs, new Shape(1, bits, 1, n));
        z.setRequiresGradient(true);
        float[] g = Tensors.gradients(() -> lfq.quantize(z, TRAINING).losses().get("entropy"), z)[0];
        double h = 1e-5;
        float[] expected = new float[zs.length];
        for (int i = 0; i < zs.length; i++) {
            float[] plus = zs.clone();
            float[] minus = zs.clone();
            double[][] up = rows(plus, bits);
            double[][] down = rows(minus, bits);
            up[i % n][i / n] += h;
            down[i % n][i / n] -= h;
            expected[i] = (float) (0.1 * (penalty(up, gamma, t) - penalty(down, gamma, t)) / (2 * h));
        }
        assertClose(expected, g, 2e-5, "d entropy / dz");
        double norm = 0;
        for (float v : expected) {
            norm += Math.abs(v);
        }
        assertTrue(norm > 1e-3, "the case has a gradient to check: " + norm);
    }

    /**
     * The constants the backward pass reads (all codes, 2 / temperature, the loss weights) must
     * outlive the Java objects that made them: a garbage collection between forward and backward
     * must not change the gradient (see EngineConstants).
     */
    @Test
    void gradientSurvivesAGarbageCollectionBetweenForwardAndBackward() {
        LfqQuantizer lfq = initialised(3, settings(3, 1, 0.5), new Shape(1, 3, 1, 4));
        NDArray z = step.create(new float[] {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.8f, 0.05f, -0.6f, 0.2f, 0.7f, -0.1f, 0.3f},
                new Shape(1, 3, 1, 4));
        z.setRequiresGradient(true);
        float[] quiet = Tensors.gradients(() -> lfq.quantize(z, TRAINING).totalLoss(), z)[0];
        for (int round = 0; round < 3; round++) {
            float[] disturbed = Tensors.gradients(() -> {
                NDArray loss = lfq.quantize(z, TRAINING).totalLoss();
                NativeMemoryChurn.run();
                return loss;
            }, z)[0];
            assertClose(quiet, disturbed, 0, "gradient after a collection, round " + round);
        }
    }

    @Test
    void projectsTheReferenceLatentsToTheBitsAndBack() {
        LfqQuantizer lfq = initialised(64, settings(9, 1, 0.01), new Shape(2, 64, 7, 7));
        assertTrue(lfq.projects());
        assertEquals(512, lfq.codebookSize());
        NDArray z = step.randomNormal(new Shape(2, 64, 7, 7));
        QuantizerOutput out = lfq.quantize(z, TRAINING);
        assertShape(out.quantized(), 2, 64, 7, 7);
        assertShape(out.indices(), 2, 7, 7);
        for (long i : out.indices().toLongArray()) {
            assertTrue(i >= 0 && i < 512, "index " + i);
        }
        assertClose(out.quantized().toFloatArray(), lfq.lookup(out.indices()), 1e-5, "lookup vs quantized");
        assertTrue(Float.isFinite(out.losses().get("entropy").getFloat()));
        assertEquals(4, lfq.getParameters().size(), "projectIn and projectOut, a weight and a bias each");
    }

    @Test
    void blockForwardReturnsQuantizedIndicesAndTotalLoss() {
        LfqQuantizer lfq = initialised(2, settings(2, 1, 0.01), new Shape(1, 2, 1, 2));
        NDArray z = step.create(TWO_BY_TWO, new Shape(1, 2, 1, 2));
        NDList out = lfq.forward(new ParameterStore(context.manager(), false), new NDList(z), false);
        assertClose(new float[] {1, 1, -1, 1}, out.get(0), 1e-6, "quantized");
        assertArrayEquals(new long[] {1, 3}, out.get(1).toLongArray());
        QuantizerOutput direct = lfq.quantize(z, StepInfo.evaluation());
        assertEquals(direct.totalLoss().getFloat(), out.get(2).getFloat(), 0);
    }

    @Test
    void rejectsBadSettingsAndLatents() {
        assertThrows(IllegalArgumentException.class, () -> settings(2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LfqQuantizer.Settings(2, -0.1, 0.25, 1, 0.01));
        assertThrows(IllegalArgumentException.class, () -> new LfqCodes(0));
        assertThrows(IllegalArgumentException.class, () -> new LfqCodes(31));
        LfqQuantizer lfq = initialised(2, settings(2, 1, 0.01), new Shape(1, 2, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> lfq.quantize(step.zeros(new Shape(1, 3, 1, 2)), TRAINING));
    }

    @Test
    @SuppressWarnings("try") // the resource is opened for its side effect
    void perStepArraysStayOffTheParameterManager() {
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, new LfqQuantizer(16, settings(5, 1, 0.01)),
                new Shape(2, 16, 4, 4), 5);
    }
}
