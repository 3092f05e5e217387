package org.vqforge.quantizers.vq;

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
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.TestBuildContext;

class VqQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);

    /** e0 = (0, 0), e1 = (1, 0), e2 = (0, 2). */
    private static final float[] CODEBOOK = {0, 0, 1, 0, 0, 2};

    /**
     * One image, D = 2, H = W = 2, channels first. The vectors in (h, w) order are z0 = (0.2,
     * 0.1), z1 = (0.9, -0.3), z2 = (-0.1, 1.5), z3 = (0.6, 0.2); squared distances to (e0, e1, e2):
     * z0 (0.05, 0.65, 3.65), z1 (0.90, 0.10, 6.10), z2 (2.26, 3.46, 0.26), z3 (0.40, 0.20, 3.60).
     */
    private static final float[] LATENTS = {0.2f, 0.9f, -0.1f, 0.6f, 0.1f, -0.3f, 1.5f, 0.2f};

    private static final long[] NEAREST = {0, 1, 2, 1};

    /** q - z over all 8 elements: squares sum to 0.61, so mean((q - z)^2) = 0.61 / 8. */
    private static final double MSE = 0.61 / 8;

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

    private VqQuantizer handSet(double beta) {
        VqQuantizer vq = new VqQuantizer(2, 3, beta);
        vq.setInitializer(Tensors.fixed(CODEBOOK), "codebook");
        vq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        return vq;
    }

    private NDArray latents() {
        NDArray z = step.create(LATENTS, new Shape(1, 2, 2, 2));
        z.setRequiresGradient(true);
        return z;
    }

    @Test
    void picksTheHandComputedNearestCodes() {
        QuantizerOutput out = handSet(0.25).quantize(latents(), TRAINING);
        assertShape(out.indices(), 1, 2, 2);
        assertEquals(DataType.INT64, out.indices().getDataType());
        assertArrayEquals(NEAREST, out.indices().toLongArray());
        // (q0, q1, q2, q3) = (e0, e1, e2, e1), channels first
        assertShape(out.quantized(), 1, 2, 2, 2);
        assertClose(new float[] {0, 1, 0, 1, 0, 0, 2, 0}, out.quantized(), 1e-6, "quantized");
    }

    @Test
    void nearestCodeAgreesWithABruteForceSearchOnRandomData() {
        int k = 16;
        int d = 8;
        Random random = new Random(7);
        float[] codes = new float[k * d];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) random.nextGaussian();
        }
        VqQuantizer vq = new VqQuantizer(d, k, 0.25);
        vq.setInitializer(Tensors.fixed(codes), "codebook");
        vq.initialize(context.manager(), DataType.FLOAT32, new Shape(2, d, 3, 3));
        NDArray z = step.randomNormal(new Shape(2, d, 3, 3));
        float[] zs = z.toFloatArray();
        long[] chosen = vq.quantize(z, TRAINING).indices().toLongArray();
        int row = 0;
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 9; p++, row++) {
                double best = Double.MAX_VALUE;
                double[] dist = new double[k];
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        double diff = zs[(b * d + j) * 9 + p] - codes[c * d + j];
                        dist[c] += diff * diff;
                    }
                    best = Math.min(best, dist[c]);
                }
                // exact up to float rounding of ||z||^2 - 2 z.e + ||e||^2
                assertEquals(best, dist[(int) chosen[row]], 1e-4, "row " + row + " chose " + chosen[row]);
            }
        }
    }

    @Test
    void lossTermsEqualTheHandComputedValues() {
        QuantizerOutput out = handSet(0.25).quantize(latents(), TRAINING);
        assertEquals(2, out.losses().size());
        assertEquals(MSE, out.losses().get("codebook").getFloat(), 1e-7);
        assertEquals(0.25 * MSE, out.losses().get("commitment").getFloat(), 1e-7);
        assertEquals(1.25 * MSE, out.totalLoss().getFloat(), 1e-7);
    }

    @Test
    void batchMetricsCountTheChosenCodes() {
        QuantizerOutput out = handSet(0.25).quantize(latents(), TRAINING);
        // counts (1, 2, 1): p = (1/4, 1/2, 1/4), entropy 1.5 ln 2, perplexity 2 sqrt 2
        assertEquals(2 * Math.sqrt(2), out.metrics().get("perplexity"), 1e-9);
        assertEquals(1.0, out.metrics().get("usage"), 0);
    }

    @Test
    void straightThroughPassesTheOutputGradientToTheLatentsUnchanged() {
        VqQuantizer vq = handSet(0.25);
        NDArray z = latents();
        NDArray codebook = vq.codebook().getArray();
        float[] weights = {1, -2, 3, 0.5f, -1, 4, 2, -3};
        NDArray w = step.create(weights, new Shape(1, 2, 2, 2));
        float[][] g = Tensors.gradients(() -> vq.quantize(z, TRAINING).quantized().mul(w).sum(), z, codebook);
        assertClose(weights, g[0], 0, "d sum(w q)/dz");
        assertClose(new float[6], g[1], 0, "d sum(w q)/d codebook (only through the losses)");
    }

    @Test
    void codebookLossGradientMovesEachChosenCodeTowardsItsLatents() {
        VqQuantizer vq = handSet(0.25);
        NDArray z = latents();
        NDArray codebook = vq.codebook().getArray();
        float[][] g = Tensors.gradients(() -> vq.quantize(z, TRAINING).losses().get("codebook"), z, codebook);
        // 2 (e_k - z) / 8 summed over the rows choosing k; e1 is chosen by z1 and z3
        float[] expected = {
            2 * (0 - 0.2f) / 8, 2 * (0 - 0.1f) / 8,
            2 * ((1 - 0.9f) + (1 - 0.6f)) / 8, 2 * ((0 + 0.3f) + (0 - 0.2f)) / 8,
            2 * (0 + 0.1f) / 8, 2 * (2 - 1.5f) / 8};
        assertClose(expected, g[1], 1e-7, "d codebook loss / d codebook");
        assertClose(new float[8], g[0], 0, "d codebook loss / dz (latents are stopped)");
        // with the commitment term added, the codebook gradient is unchanged
        float[] total = Tensors.gradients(() -> vq.quantize(z, TRAINING).totalLoss(), codebook)[0];
        assertClose(expected, total, 1e-7, "d total loss / d codebook");
    }

    @Test
    void commitmentGradientPullsTheLatentsTowardsTheirCodes() {
        double beta = 0.4;
        VqQuantizer vq = handSet(beta);
        NDArray z = latents();
        NDArray codebook = vq.codebook().getArray();
        float[][] g = Tensors.gradients(() -> vq.quantize(z, TRAINING).losses().get("commitment"), z, codebook);
        float[] q = {0, 1, 0, 1, 0, 0, 2, 0};
        float[] expected = new float[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = (float) (2 * beta * (LATENTS[i] - q[i]) / 8);
        }
        assertClose(expected, g[0], 1e-7, "d commitment / dz");
        assertClose(new float[6], g[1], 0, "d commitment / d codebook (codes are stopped)");
        assertEquals(beta * MSE, vq.quantize(z, TRAINING).losses().get("commitment").getFloat(), 1e-7);
    }

    @Test
    void lookupOfTheIndicesGivesBackTheQuantizedLatents() {
        VqQuantizer vq = new VqQuantizer(4, 8, 0.25);
        vq.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 4, 3, 5));
        NDArray z = step.randomUniform(-0.01f, 0.01f, new Shape(2, 4, 3, 5));
        QuantizerOutput out = vq.quantize(z, TRAINING);
        NDArray looked = vq.lookup(out.indices());
        assertShape(looked, 2, 4, 3, 5);
        // z + (q - z) can differ from q in the last bits
        assertClose(out.quantized().toFloatArray(), looked, 1e-7, "lookup vs quantized");
        assertClose(looked.toFloatArray(), vq.lookup(out.indices().toType(DataType.INT32, false)), 0, "int32 indices");
    }

    @Test
    void blockForwardReturnsQuantizedIndicesAndTotalLoss() {
        VqQuantizer vq = handSet(0.25);
        ParameterStore store = new ParameterStore(context.manager(), false);
        NDList out = vq.forward(store, new NDList(latents()), true);
        assertEquals(3, out.size());
        assertClose(new float[] {0, 1, 0, 1, 0, 0, 2, 0}, out.get(0), 1e-6, "quantized");
        assertArrayEquals(NEAREST, out.get(1).toLongArray());
        assertEquals(1.25 * MSE, out.get(2).getFloat(), 1e-7);
        Shape[] shapes = vq.getOutputShapes(new Shape[] {new Shape(1, 2, 2, 2)});
        assertArrayEquals(new Shape[] {new Shape(1, 2, 2, 2), new Shape(1, 2, 2), new Shape()}, shapes);
    }

    @Test
    void defaultCodebookIsUniformInPlusMinusOneOverK() {
        VqQuantizer vq = new VqQuantizer(64, 512, 0.25);
        vq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 64, 7, 7));
        NDArray codebook = vq.codebook().getArray();
        assertShape(codebook, 512, 64);
        float bound = 1f / 512;
        float max = codebook.abs().max().getFloat();
        assertTrue(max <= bound, "max |e| " + max + " <= 1/K");
        assertTrue(max > 0.99f * bound, "max |e| " + max + " fills the range");
        // uniform on (-a, a) has mean 0 and variance a^2 / 3; 32768 draws
        assertEquals(0, codebook.mean().getFloat(), 0.02 * bound);
        assertEquals(bound * bound / 3, codebook.square().mean().getFloat(), 0.03 * bound * bound / 3);
    }

    @Test
    void rejectsLatentsWithTheWrongChannels() {
        VqQuantizer vq = handSet(0.25);
        assertThrows(IllegalArgumentException.class,
                () -> vq.quantize(step.zeros(new Shape(1, 3, 2, 2)), TRAINING));
        assertThrows(IllegalArgumentException.class, () -> new VqQuantizer(2, 3, 0.25)
                .initialize(context.manager(), DataType.FLOAT32, new Shape(1, 3, 2, 2)));
    }

    @Test
    @SuppressWarnings("try") // the resource is opened for its side effect
    void perStepArraysStayOffTheParameterManager() {
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, new VqQuantizer(8, 32, 0.25),
                new Shape(2, 8, 4, 4), 5);
    }
}
