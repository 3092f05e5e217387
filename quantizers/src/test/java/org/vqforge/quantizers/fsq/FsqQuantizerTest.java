package org.vqforge.quantizers.fsq;

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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.TestBuildContext;

class FsqQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);
    private static final List<Integer> PAPER_LEVELS = List.of(8, 5, 5, 5);

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

    private FsqQuantizer initialised(int dimension, List<Integer> levels, Shape latents) {
        FsqQuantizer fsq = new FsqQuantizer(dimension, levels);
        fsq.initialize(context.manager(), DataType.FLOAT32, latents);
        return fsq;
    }

    /** bounded = tanh(z + atanh(offset / half_l)) half_l - offset, in double. */
    private static double bound(double z, int level) {
        double halfL = (level - 1) * (1 - 1e-3) / 2;
        double offset = level % 2 == 0 ? 0.5 : 0;
        double shift = 0.5 * Math.log((1 + offset / halfL) / (1 - offset / halfL));
        return Math.tanh(z + shift) * halfL - offset;
    }

    @Test
    void boundingMatchesHandValuesForEvenAndOddLevels() {
        // half_l = 3.5 * 0.999 = 3.4965 for L = 8 (offset 0.5), 2 * 0.999 = 1.998 for L = 5 (offset 0)
        FsqLevels levels = new FsqLevels(List.of(8, 5));
        float[] z = {0, 0, 20, 20, -20, -20, 1, 1};
        float[] bounded = levels.bound(step.create(z, new Shape(4, 2))).toFloatArray();
        float[] expected = {
            0, 0, // tanh(atanh(0.5 / half_l)) half_l = 0.5 cancels the offset
            3.4965f - 0.5f, 1.998f, // tanh -> 1
            -3.4965f - 0.5f, -1.998f, // tanh -> -1
            (float) bound(1, 8), (float) (Math.tanh(1) * 1.998)};
        assertClose(expected, bounded, 1e-6, "bounded");
        // tanh(1) = 0.7615942, so L = 5 gives 1.5216653
        assertEquals(1.5216653, bounded[7], 1e-6);
    }

    @Test
    void roundsEachChannelToItsLevelsAndNormalisesToPlusMinusOne() {
        FsqQuantizer fsq = initialised(2, List.of(8, 5), new Shape(1, 2, 1, 4));
        assertFalse(fsq.projects());
        // channels first: channel 0 (L = 8) then channel 1 (L = 5), four positions
        float[] z = {20, -20, 0, 1, 20, -20, 0, 1};
        QuantizerOutput out = fsq.quantize(step.create(z, new Shape(1, 2, 1, 4)), TRAINING);
        // L = 8: round(2.9965) = 3 -> 3/4, round(-3.9965) = -4 -> -1, 0 -> 0, round(bound(1)) / 4
        // L = 5: round(1.998) = 2 -> 1, -1, 0, round(1.5217) = 2 -> 1
        float c = Math.round(bound(1, 8)) / 4f;
        // b + (round(b) - b) can differ from round(b) in the last bit
        assertClose(new float[] {0.75f, -1, 0, c, 1, -1, 0, 1}, out.quantized(), 1e-6, "codes");
        // digits (int + L/2): (7, 4), (0, 0), (4, 2), (4 c + 4, 4); index = d0 + 8 d1
        long d0 = Math.round(bound(1, 8)) + 4;
        assertArrayEquals(new long[] {7 + 8 * 4, 0, 4 + 8 * 2, d0 + 8 * 4}, out.indices().toLongArray());
        assertTrue(out.losses().isEmpty());
        assertEquals(0f, out.totalLoss().getFloat());
    }

    @Test
    void everyIndexOfThePaperCodebookRoundTripsThroughTheQuantizer() {
        int size = 8 * 5 * 5 * 5;
        int[] levels = {8, 5, 5, 5};
        // the code of each index, digit by digit in plain Java (basis 1, 8, 40, 200)
        float[] codes = new float[size * 4];
        float[] latents = new float[size * 4];
        long basis = 1;
        for (int c = 0; c < 4; c++) {
            double halfL = (levels[c] - 1) * (1 - 1e-3) / 2;
            double offset = levels[c] % 2 == 0 ? 0.5 : 0;
            double shift = 0.5 * Math.log((1 + offset / halfL) / (1 - offset / halfL));
            for (int i = 0; i < size; i++) {
                long digit = i / basis % levels[c];
                int half = levels[c] / 2;
                long integer = digit - half;
                codes[i * 4 + c] = (float) integer / half;
                // a latent whose bounded value is 0.998 * integer, inside integer's rounding interval
                double target = 0.998 * integer;
                double zc = 0.5 * Math.log((1 + (target + offset) / halfL) / (1 - (target + offset) / halfL)) - shift;
                latents[c * size + i] = (float) zc; // channels first, one position per index
            }
            basis *= levels[c];
        }
        FsqQuantizer fsq = initialised(4, PAPER_LEVELS, new Shape(1, 4, 1, size));
        assertEquals(size, fsq.codebookSize());

        NDArray indices = step.arange(0, size, 1, DataType.INT64);
        assertClose(codes, fsq.levels().toCodes(indices), 0, "index -> code");
        for (int i = 0; i < size; i++) {
            float[] code = fsq.levels().code(i);
            assertClose(java.util.Arrays.copyOfRange(codes, i * 4, i * 4 + 4), code, 0, "code(" + i + ")");
        }

        QuantizerOutput out = fsq.quantize(step.create(latents, new Shape(1, 4, 1, size)), TRAINING);
        long[] expected = new long[size];
        for (int i = 0; i < size; i++) {
            expected[i] = i;
        }
        assertArrayEquals(expected, out.indices().toLongArray(), "code -> index");
        NDArray lookedUp = fsq.lookup(out.indices());
        assertClose(out.quantized().toFloatArray(), lookedUp, 1e-6, "lookup(indices) = quantized");
        // every code used once
        assertEquals(1.0, out.metrics().get("usage"), 0);
        assertEquals(size, out.metrics().get("perplexity"), 1e-6 * size);
    }

    @Test
    void roundingPassesTheUpstreamGradientUnchanged() {
        float[] b = {-3.7f, -0.2f, 0.49f, 1.51f, 2.9f, 0.5001f};
        float[] w = {1, -2, 3, 0.5f, -1, 4};
        NDArray bounded = step.create(b);
        bounded.setRequiresGradient(true);
        NDArray weights = step.create(w);
        float[] g = Tensors.gradients(() -> FsqLevels.roundStraightThrough(bounded).mul(weights).sum(), bounded)[0];
        assertClose(w, g, 0, "d sum(w round_st(b)) / db");
        assertClose(new float[] {-4, 0, 0, 2, 3, 1}, FsqLevels.roundStraightThrough(bounded), 1e-6, "round(b)");
    }

    @Test
    void gradientToTheLatentsIsTheUpstreamGradientTimesTheBoundingSlopeOverHalfWidth() {
        FsqQuantizer fsq = initialised(2, List.of(8, 5), new Shape(2, 2, 1, 3));
        float[] zs = {0.3f, -1.2f, 0.05f, 2.0f, -0.4f, 0.9f, -0.7f, 0.1f, 1.3f, -2.2f, 0.6f, 0.0f};
        NDArray z = step.create(zs, new Shape(2, 2, 1, 3));
        z.setRequiresGradient(true);
        float[] w = new float[12];
        Random random = new Random(3);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian();
        }
        NDArray weights = step.create(w, new Shape(2, 2, 1, 3));
        float[] g = Tensors.gradients(() -> fsq.quantize(z, TRAINING).quantized().mul(weights).sum(), z)[0];
        // d/dz [round_st(tanh(z + shift) half_l - offset) / half_width] = (1 - tanh^2(z + shift)) half_l / half_width
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            int channel = (i / 3) % 2;
            int level = channel == 0 ? 8 : 5;
            double halfL = (level - 1) * (1 - 1e-3) / 2;
            double offset = level % 2 == 0 ? 0.5 : 0;
            double shift = 0.5 * Math.log((1 + offset / halfL) / (1 - offset / halfL));
            double t = Math.tanh(zs[i] + shift);
            expected[i] = (float) (w[i] * (1 - t * t) * halfL / (level / 2));
        }
        assertClose(expected, g, 1e-6, "d sum(w q) / dz");
    }

    /**
     * The constants the backward pass reads (half_l, half_width) must outlive the Java objects that
     * made them: a garbage collection between forward and backward, with the freed memory reused,
     * must not change the gradient (see EngineConstants).
     */
    @Test
    void gradientSurvivesAGarbageCollectionBetweenForwardAndBackward() {
        FsqQuantizer fsq = initialised(2, List.of(8, 5), new Shape(1, 2, 1, 3));
        float[] zs = {0.3f, -1.2f, 0.05f, 2.0f, -0.4f, 0.9f};
        NDArray z = step.create(zs, new Shape(1, 2, 1, 3));
        z.setRequiresGradient(true);
        float[] quiet = Tensors.gradients(() -> fsq.quantize(z, TRAINING).quantized().sum(), z)[0];
        for (int round = 0; round < 3; round++) {
            float[] disturbed = Tensors.gradients(() -> {
                NDArray loss = fsq.quantize(z, TRAINING).quantized().sum();
                NativeMemoryChurn.run();
                return loss;
            }, z)[0];
            assertClose(quiet, disturbed, 0, "gradient after a collection, round " + round);
        }
    }

    @Test
    void projectsTheReferenceLatentsDownToTheLevelsAndBackUp() {
        FsqQuantizer fsq = initialised(64, PAPER_LEVELS, new Shape(2, 64, 7, 7));
        assertTrue(fsq.projects());
        assertEquals(1000, fsq.codebookSize());
        assertShape(fsq.projectIn().orElseThrow().weight().getArray(), 64, 4);
        assertShape(fsq.projectOut().orElseThrow().weight().getArray(), 4, 64);
        // PyTorch's 1x1 conv init: uniform in +-1/sqrt(fan_in)
        assertTrue(fsq.projectIn().orElseThrow().weight().getArray().abs().max().getFloat() <= 1 / 8f);
        assertTrue(fsq.projectOut().orElseThrow().bias().getArray().abs().max().getFloat() <= 0.5f);

        NDArray z = step.randomNormal(new Shape(2, 64, 7, 7));
        z.setRequiresGradient(true);
        QuantizerOutput out = fsq.quantize(z, TRAINING);
        assertShape(out.quantized(), 2, 64, 7, 7);
        assertShape(out.indices(), 2, 7, 7);
        long[] indices = out.indices().toLongArray();
        for (long i : indices) {
            assertTrue(i >= 0 && i < 1000, "index " + i);
        }
        assertClose(out.quantized().toFloatArray(), fsq.lookup(out.indices()), 1e-5, "lookup vs quantized");

        // the quantized output is projectOut(code of each index): check one position by hand
        float[] wOut = fsq.projectOut().orElseThrow().weight().getArray().toFloatArray();
        float[] bOut = fsq.projectOut().orElseThrow().bias().getArray().toFloatArray();
        float[] code = fsq.levels().code(indices[5]);
        float[] q = out.quantized().toFloatArray();
        for (int channel = 0; channel < 64; channel++) {
            double expected = bOut[channel];
            for (int j = 0; j < 4; j++) {
                expected += code[j] * wOut[j * 64 + channel];
            }
            // batch 0, position 5 of 49
            assertEquals(expected, q[channel * 49 + 5], 1e-5, "channel " + channel);
        }

        // both projections learn from the output
        NDArray wIn = fsq.projectIn().orElseThrow().weight().getArray();
        float[][] g = Tensors.gradients(() -> fsq.quantize(z, TRAINING).quantized().square().sum(), wIn,
                fsq.projectOut().orElseThrow().weight().getArray(), z);
        for (float[] gradient : g) {
            double norm = 0;
            for (float v : gradient) {
                norm += v * v;
            }
            assertTrue(norm > 0, "a zero gradient");
        }
    }

    @Test
    void blockForwardReturnsQuantizedIndicesAndAZeroLoss() {
        FsqQuantizer fsq = initialised(2, List.of(8, 5), new Shape(1, 2, 1, 2));
        NDList out = fsq.forward(new ParameterStore(context.manager(), false),
                new NDList(step.create(new float[] {20, 0, 20, 0}, new Shape(1, 2, 1, 2))), false);
        assertEquals(3, out.size());
        assertClose(new float[] {0.75f, 0, 1, 0}, out.get(0), 1e-6, "quantized");
        assertArrayEquals(new long[] {7 + 8 * 4, 4 + 8 * 2}, out.get(1).toLongArray());
        assertEquals(0f, out.get(2).getFloat());
    }

    @Test
    void rejectsBadLevelsAndLatents() {
        assertThrows(IllegalArgumentException.class, () -> new FsqQuantizer(4, List.of(8, 1, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> new FsqQuantizer(4, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FsqLevels(List.of(65536, 65536)));
        FsqQuantizer fsq = initialised(2, List.of(8, 5), new Shape(1, 2, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> fsq.quantize(step.zeros(new Shape(1, 3, 2, 2)), TRAINING));
    }

    @Test
    @SuppressWarnings("try") // the resource is opened for its side effect
    void perStepArraysStayOffTheParameterManager() {
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, new FsqQuantizer(16, PAPER_LEVELS),
                new Shape(2, 16, 4, 4), 5);
    }
}
