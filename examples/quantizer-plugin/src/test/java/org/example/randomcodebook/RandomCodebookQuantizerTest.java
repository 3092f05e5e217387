package org.example.randomcodebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

/** The quantizer on the real PyTorch engine, against hand-computed values. */
class RandomCodebookQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);

    /** D = 2, K = 3: e0 = (1, 1), e1 = (-1, 0), e2 = (0, -2). */
    private static final float[] CODEBOOK = {1, 1, -1, 0, 0, -2};

    /**
     * One image, D = 2, H = W = 2, channels first. The vectors in (h, w) order are z0 = (0.8,
     * 1.3), z1 = (-0.6, 0.2), z2 = (0.3, -1.5), z3 = (-0.9, -0.4); squared distances to (e0, e1,
     * e2): z0 (0.13, 4.93, 11.53), z1 (3.20, 0.20, 5.20), z2 (6.74, 3.94, 0.34), z3 (5.57, 0.17,
     * 3.37).
     */
    private static final float[] LATENTS = {0.8f, -0.6f, 0.3f, -0.9f, 1.3f, 0.2f, -1.5f, -0.4f};

    private static final long[] NEAREST = {0, 1, 2, 1};

    /** (e0, e1, e2, e1), channels first. */
    private static final float[] QUANTIZED = {1, -1, 0, -1, 1, 0, -2, 0};

    /** The nearest squared distances sum to 0.13 + 0.20 + 0.34 + 0.17 = 0.84 over 8 elements. */
    private static final double MSE = 0.84 / 8;

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

    /** A quantizer initialised as vqf does (random codebook), then given the hand-set codes. */
    private RandomCodebookQuantizer handSet(double beta) {
        RandomCodebookQuantizer quantizer = new RandomCodebookQuantizer(2, 3, beta, 1.0);
        quantizer.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        quantizer.codebook().getArray().set(CODEBOOK);
        return quantizer;
    }

    private NDArray latents() {
        NDArray z = step.create(LATENTS, new Shape(1, 2, 2, 2));
        z.setRequiresGradient(true);
        return z;
    }

    @Test
    void picksTheNearestCodesOfAHandSetCodebook() {
        QuantizerOutput out = handSet(0.25).quantize(latents(), TRAINING);
        assertShape(out.indices(), 1, 2, 2);
        assertEquals(DataType.INT64, out.indices().getDataType());
        assertArrayEquals(NEAREST, out.indices().toLongArray());
        assertShape(out.quantized(), 1, 2, 2, 2);
        // z + (q - z) may differ from q in the last bits
        assertClose(QUANTIZED, out.quantized(), 1e-6, "quantized");
        // counts (1, 2, 1): p = (1/4, 1/2, 1/4), entropy 1.5 ln 2, perplexity 2 sqrt 2
        assertEquals(2 * Math.sqrt(2), out.metrics().get("perplexity"), 1e-9);
        assertEquals(1.0, out.metrics().get("usage"), 0);
    }

    @Test
    void nearestCodeAgreesWithABruteForceSearchOnRandomData() {
        int k = 32;
        int d = 8;
        RandomCodebookQuantizer quantizer = new RandomCodebookQuantizer(d, k, 0.25, 1.0);
        quantizer.initialize(context.manager(), DataType.FLOAT32, new Shape(2, d, 3, 3));
        float[] codes = quantizer.codebook().getArray().toFloatArray();
        Random random = new Random(11);
        float[] zs = new float[2 * d * 9];
        for (int i = 0; i < zs.length; i++) {
            zs[i] = (float) random.nextGaussian();
        }
        long[] chosen = quantizer.quantize(step.create(zs, new Shape(2, d, 3, 3)), TRAINING).indices().toLongArray();
        int row = 0;
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 9; p++, row++) {
                double[] distance = new double[k];
                double best = Double.MAX_VALUE;
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < d; j++) {
                        double diff = zs[(b * d + j) * 9 + p] - codes[c * d + j];
                        distance[c] += diff * diff;
                    }
                    best = Math.min(best, distance[c]);
                }
                // a tie within float rounding of ||z||^2 - 2 z.e + ||e||^2 may go either way
                assertEquals(best, distance[(int) chosen[row]], 1e-4, "row " + row + " chose " + chosen[row]);
            }
        }
    }

    @Test
    void commitmentIsTheOnlyLossAndEqualsTheHandComputedValue() {
        double beta = 0.4;
        RandomCodebookQuantizer quantizer = handSet(beta);
        NDArray z = latents();
        QuantizerOutput out = quantizer.quantize(z, TRAINING);
        assertEquals(Set.of("commitment"), out.losses().keySet());
        assertEquals(beta * MSE, out.losses().get("commitment").getFloat(), 1e-7);
        assertEquals(beta * MSE, out.totalLoss().getFloat(), 1e-7);

        // its gradient 2 beta (z - q) / 8 pulls each latent towards its code
        float[] expected = new float[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = (float) (2 * beta * (LATENTS[i] - QUANTIZED[i]) / 8);
        }
        float[] gradient = Tensors.gradients(() -> quantizer.quantize(z, TRAINING).losses().get("commitment"), z)[0];
        assertClose(expected, gradient, 1e-7, "d commitment / dz");
    }

    @Test
    void straightThroughPassesTheUpstreamGradientToTheLatentsUnchanged() {
        RandomCodebookQuantizer quantizer = handSet(0.25);
        NDArray z = latents();
        float[] upstream = {1, -2, 3, 0.5f, -1, 4, 2, -3};
        NDArray w = step.create(upstream, new Shape(1, 2, 2, 2));
        float[] gradient = Tensors.gradients(() -> quantizer.quantize(z, TRAINING).quantized().mul(w).sum(), z)[0];
        assertClose(upstream, gradient, 0, "d sum(w * quantized) / dz");
    }

    @Test
    void theCodebookIsFrozenAndReceivesNoGradient() {
        RandomCodebookQuantizer quantizer = handSet(0.25);
        // vqf's optimiser updates exactly the parameters that require gradients
        assertFalse(quantizer.codebook().requiresGradient(), "codebook is trainable");
        NDArray z = latents();
        float[] gradient = Tensors.gradients(() -> {
            QuantizerOutput out = quantizer.quantize(z, TRAINING);
            return out.totalLoss().add(out.quantized().sum());
        }, z)[0];
        assertFalse(quantizer.codebook().getArray().hasGradient(), "a gradient was recorded for the codebook");
        // the backward pass did happen: the latents got 1 + 2 beta (z - q) / 8
        float[] expected = new float[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = 1 + (float) (2 * 0.25 * (LATENTS[i] - QUANTIZED[i]) / 8);
        }
        assertClose(expected, gradient, 1e-6, "d (commitment + sum q) / dz");
        assertClose(CODEBOOK, quantizer.codebook().getArray(), 0, "codebook after backward");
    }

    @Test
    void lookupOfTheIndicesGivesBackTheQuantizedLatents() {
        RandomCodebookQuantizer quantizer = new RandomCodebookQuantizer(4, 8, 0.25, 1.0);
        quantizer.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 4, 3, 5));
        NDArray z = step.randomNormal(new Shape(2, 4, 3, 5));
        QuantizerOutput out = quantizer.quantize(z, TRAINING);
        NDArray looked = quantizer.lookup(out.indices());
        assertShape(looked, 2, 4, 3, 5);
        // z + (q - z) can differ from q in the last bits; codes and latents are O(1)
        assertClose(out.quantized().toFloatArray(), looked, 1e-6, "lookup vs quantized");
        assertClose(looked.toFloatArray(), quantizer.lookup(out.indices().toType(DataType.INT32, false)), 0,
                "int32 indices");
        // and quantizing the looked-up codes chooses the same codes again
        assertArrayEquals(out.indices().toLongArray(), quantizer.quantize(looked, TRAINING).indices().toLongArray());
    }

    @Test
    void theDefaultCodebookIsNormalWithStandardDeviationScale() {
        double scale = 0.5;
        RandomCodebookQuantizer quantizer = new RandomCodebookQuantizer(64, 256, 0.25, scale);
        quantizer.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 64, 7, 7));
        NDArray codebook = quantizer.codebook().getArray();
        assertShape(codebook, 256, 64);
        // 16384 draws: the mean's standard error is scale / 128 and the variance's about 1.1%;
        // the tolerances are about 5 standard errors
        assertEquals(0, codebook.mean().getFloat(), 0.04 * scale);
        assertEquals(scale * scale, codebook.square().mean().getFloat(), 0.06 * scale * scale);
    }

    @Test
    void checkpointsSaveAndRestoreTheFrozenCodebook() throws Exception {
        RandomCodebookQuantizer saved = handSet(0.25);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.saveParameters(new DataOutputStream(bytes));

        RandomCodebookQuantizer restored = new RandomCodebookQuantizer(2, 3, 0.25, 1.0);
        restored.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        assertNotEquals(CODEBOOK[0], restored.codebook().getArray().getFloat(0, 0), "a fresh draw");
        restored.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertClose(CODEBOOK, restored.codebook().getArray(), 0, "restored codebook");
        assertArrayEquals(NEAREST, restored.quantize(latents(), TRAINING).indices().toLongArray());
    }

    @Test
    void blockForwardReturnsQuantizedIndicesAndTotalLoss() {
        RandomCodebookQuantizer quantizer = handSet(0.25);
        NDList out = quantizer.forward(new ParameterStore(context.manager(), false), new NDList(latents()), true);
        assertEquals(3, out.size());
        assertClose(QUANTIZED, out.get(0), 1e-6, "quantized");
        assertArrayEquals(NEAREST, out.get(1).toLongArray());
        assertEquals(0.25 * MSE, out.get(2).getFloat(), 1e-7);
        assertArrayEquals(new Shape[] {new Shape(1, 2, 2, 2), new Shape(1, 2, 2), new Shape()},
                quantizer.getOutputShapes(new Shape[] {new Shape(1, 2, 2, 2)}));
    }

    @Test
    void rejectsLatentsAndIndicesOfTheWrongShape() {
        RandomCodebookQuantizer quantizer = handSet(0.25);
        assertThrows(IllegalArgumentException.class, () -> quantizer.quantize(step.zeros(new Shape(1, 3, 2, 2)), TRAINING));
        assertThrows(IllegalArgumentException.class, () -> quantizer.lookup(step.zeros(new Shape(4), DataType.INT64)));
        assertThrows(IllegalArgumentException.class, () -> new RandomCodebookQuantizer(2, 3, 0.25, 1.0)
                .initialize(context.manager(), DataType.FLOAT32, new Shape(1, 3, 2, 2)));
    }

    @Test
    @SuppressWarnings("try") // the collector is opened for its side effect
    void perStepArraysStayOffTheParameterManager() {
        NDManager parameters = context.manager().newSubManager();
        RandomCodebookQuantizer quantizer = new RandomCodebookQuantizer(8, 32, 0.25, 1.0);
        quantizer.initialize(parameters, DataType.FLOAT32, new Shape(2, 8, 4, 4));
        ParameterStore store = new ParameterStore(parameters, false);
        int before = parameters.getManagedArrays().size();
        // the count does see an op led by the codebook
        try (NDArray leaked = quantizer.codebook().getArray().transpose()) {
            assertEquals(before + 1, parameters.getManagedArrays().size());
        }
        for (int i = 0; i < 3; i++) {
            try (NDManager perStep = context.manager().newSubManager()) {
                NDArray z = perStep.randomNormal(new Shape(2, 8, 4, 4));
                z.setRequiresGradient(true);
                try (GradientCollector collector = context.backend().newGradientCollector()) {
                    QuantizerOutput out = quantizer.quantize(z, TRAINING);
                    NDArray blockLoss = quantizer.forward(store, new NDList(z), true).get(2);
                    collector.backward(out.totalLoss().add(out.quantized().sum()).add(blockLoss));
                }
                quantizer.lookup(perStep.zeros(new Shape(2, 4, 4), DataType.INT64));
            }
            assertEquals(before, parameters.getManagedArrays().size(), "arrays on the parameters' manager after step " + i);
        }
    }
}
