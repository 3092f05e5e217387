package org.vqforge.quantizers.ema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.TestBuildContext;
import org.vqforge.quantizers.common.CodebookOptions;
import org.vqforge.quantizers.common.KMeansTestData;

class EmaQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);

    /** e0 = (0, 0), e1 = (1, 0), e2 = (0, 2). */
    private static final float[] CODEBOOK = {0, 0, 1, 0, 0, 2};

    /** z0 = (0.2, 0.1), z1 = (0.9, -0.3), z2 = (-0.1, 1.5), z3 = (0.6, 0.2), channels first (1, 2, 2, 2). */
    private static final float[] LATENTS = {0.2f, 0.9f, -0.1f, 0.6f, 0.1f, -0.3f, 1.5f, 0.2f};

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

    private EmaQuantizer build(int d, float[] codebook, double beta, double decay, double eps,
            CodebookOptions options, Shape latents) {
        EmaQuantizer ema = new EmaQuantizer(d, codebook.length / d, beta, decay, eps, options);
        ema.setInitializer(Tensors.fixed(codebook), "codebook");
        ema.initialize(context.manager(), DataType.FLOAT32, latents);
        return ema;
    }

    private NDArray latents() {
        NDArray z = step.create(LATENTS, new Shape(1, 2, 2, 2));
        z.setRequiresGradient(true);
        return z;
    }

    /** The update of the issue, in double, on rows (N, D) already assigned to codes. */
    static final class ReferenceEma {
        final int k;
        final int d;
        final double decay;
        final double eps;
        final double[] n;
        final double[][] m;
        final double[][] e;

        ReferenceEma(float[] codebook, int d, double decay, double eps) {
            this.k = codebook.length / d;
            this.d = d;
            this.decay = decay;
            this.eps = eps;
            n = new double[k];
            m = new double[k][d];
            e = new double[k][d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    e[c][j] = codebook[c * d + j];
                    m[c][j] = codebook[c * d + j];
                }
            }
        }

        int nearest(double[] z) {
            int best = 0;
            double bestDistance = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    dist += (z[j] - e[c][j]) * (z[j] - e[c][j]);
                }
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = c;
                }
            }
            return best;
        }

        /** One training step; returns the chosen codes. */
        int[] step(double[][] rows) {
            int[] chosen = new int[rows.length];
            double[] counts = new double[k];
            double[][] sums = new double[k][d];
            for (int i = 0; i < rows.length; i++) {
                chosen[i] = nearest(rows[i]);
                counts[chosen[i]]++;
                for (int j = 0; j < d; j++) {
                    sums[chosen[i]][j] += rows[i][j];
                }
            }
            double total = 0;
            for (int c = 0; c < k; c++) {
                n[c] = decay * n[c] + (1 - decay) * counts[c];
                total += n[c];
                for (int j = 0; j < d; j++) {
                    m[c][j] = decay * m[c][j] + (1 - decay) * sums[c][j];
                }
            }
            for (int c = 0; c < k; c++) {
                double smoothed = (n[c] + eps) / (total + k * eps) * total;
                for (int j = 0; j < d; j++) {
                    e[c][j] = m[c][j] / smoothed;
                }
            }
            return chosen;
        }

        float[] codebook() {
            float[] out = new float[k * d];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    out[c * d + j] = (float) e[c][j];
                }
            }
            return out;
        }
    }

    /** Rows (b, h, w) of channels-first latents (B, D, H, W). */
    private static double[][] rows(float[] latents, int b, int d, int hw) {
        double[][] rows = new double[b * hw][d];
        for (int i = 0; i < b; i++) {
            for (int p = 0; p < hw; p++) {
                for (int j = 0; j < d; j++) {
                    rows[i * hw + p][j] = latents[(i * d + j) * hw + p];
                }
            }
        }
        return rows;
    }

    @Test
    void oneTrainingStepUpdatesTheStatisticsByHand() {
        // decay 0.9 and eps 0.01 make every term visible. Counts n = (1, 2, 1), sums s0 = (0.2, 0.1),
        // s1 = (1.5, -0.1), s2 = (-0.1, 1.5). N = 0.1 n = (0.1, 0.2, 0.1); M = 0.9 e + 0.1 s:
        // M0 = (0.02, 0.01), M1 = (1.05, -0.01), M2 = (-0.01, 1.95). n = 0.4, smoothed N =
        // (N + 0.01) / 0.43 * 0.4 = (0.102326, 0.195349, 0.102326); e = M / smoothed N.
        EmaQuantizer ema = build(2, CODEBOOK, 0.25, 0.9, 0.01, CodebookOptions.none(), new Shape(1, 2, 2, 2));
        assertClose(CODEBOOK, ema.embedSum().getArray(), 0, "M starts as a copy of the codes");
        assertClose(new float[3], ema.clusterSize().getArray(), 0, "N starts at 0");
        QuantizerOutput out = ema.quantize(latents(), TRAINING);
        assertArrayEquals(new long[] {0, 1, 2, 1}, out.indices().toLongArray(), "chosen with the old codes");
        assertClose(new float[] {0.1f, 0.2f, 0.1f}, ema.clusterSize().getArray(), 1e-7, "N");
        assertClose(new float[] {0.02f, 0.01f, 1.05f, -0.01f, -0.01f, 1.95f}, ema.embedSum().getArray(), 1e-6, "M");
        double[] smoothed = {0.11 / 0.43 * 0.4, 0.21 / 0.43 * 0.4, 0.11 / 0.43 * 0.4};
        float[] expected = {
            (float) (0.02 / smoothed[0]), (float) (0.01 / smoothed[0]),
            (float) (1.05 / smoothed[1]), (float) (-0.01 / smoothed[1]),
            (float) (-0.01 / smoothed[2]), (float) (1.95 / smoothed[2])};
        assertClose(expected, ema.codebook().getArray(), 1e-5, "e = M / smoothed N");
        // the batch is quantized with the updated codes (as the peer): q = (e0, e1, e2, e1)
        float[] q = {expected[0], expected[2], expected[4], expected[2], expected[1], expected[3], expected[5], expected[3]};
        assertClose(q, out.quantized(), 1e-5, "quantized");
        double sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += Math.pow(LATENTS[i] - q[i], 2);
        }
        assertEquals(1, out.losses().size(), "commitment only");
        assertEquals(0.25 * sum / 8, out.losses().get("commitment").getFloat(), 1e-5);
    }

    @Test
    void severalStepsMatchAPlainJavaEma() {
        int d = 4;
        Random random = new Random(3);
        float[] codebook = new float[6 * d];
        for (int i = 0; i < codebook.length; i++) {
            codebook[i] = (float) random.nextGaussian();
        }
        EmaQuantizer ema = build(d, codebook, 0.25, 0.8, 1e-3, CodebookOptions.none(), new Shape(2, d, 3, 3));
        ReferenceEma reference = new ReferenceEma(codebook, d, 0.8, 1e-3);
        for (int s = 0; s < 4; s++) {
            float[] z = new float[2 * d * 9];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) random.nextGaussian();
            }
            QuantizerOutput out = ema.quantize(step.create(z, new Shape(2, d, 3, 3)), TRAINING);
            int[] chosen = reference.step(rows(z, 2, d, 9));
            long[] got = out.indices().toLongArray();
            for (int i = 0; i < chosen.length; i++) {
                assertEquals(chosen[i], got[i], "step " + s + " row " + i);
            }
            // relative: unused codes grow large under the peer's initialisation (M = e, N = 0)
            float[] actual = ema.codebook().getArray().toFloatArray();
            float[] expected = reference.codebook();
            for (int i = 0; i < actual.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "step " + s + " e[" + i + "]");
            }
        }
    }

    @Test
    void evaluationLeavesTheStateAlone() {
        EmaQuantizer ema = build(2, CODEBOOK, 0.25, 0.9, 0.01, new CodebookOptions(true, 5, 1), new Shape(1, 2, 2, 2));
        QuantizerOutput out = ema.quantize(latents(), StepInfo.evaluation());
        assertClose(CODEBOOK, ema.codebook().getArray(), 0, "codes");
        assertClose(new float[3], ema.clusterSize().getArray(), 0, "N");
        assertClose(CODEBOOK, ema.embedSum().getArray(), 0, "M");
        assertFalse(ema.kmeansDone(), "no k-means in evaluation");
        assertClose(new float[] {0, 1, 0, 1, 0, 0, 2, 0}, out.quantized(), 1e-6, "old codes");
    }

    @Test
    void straightThroughGradientAndCommitmentGradient() {
        EmaQuantizer ema = build(2, CODEBOOK, 0.4, 0.9, 0.01, CodebookOptions.none(), new Shape(1, 2, 2, 2));
        NDArray z = latents();
        float[] weights = {1, -2, 3, 0.5f, -1, 4, 2, -3};
        NDArray w = step.create(weights, new Shape(1, 2, 2, 2));
        float[] identity = Tensors.gradients(() -> ema.quantize(z, StepInfo.evaluation()).quantized().mul(w).sum(), z)[0];
        assertClose(weights, identity, 0, "straight-through");
        float[] q = {0, 1, 0, 1, 0, 0, 2, 0};
        float[] expected = new float[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = (float) (2 * 0.4 * (LATENTS[i] - q[i]) / 8);
        }
        float[] commitment = Tensors.gradients(() -> ema.quantize(z, StepInfo.evaluation()).losses().get("commitment"), z)[0];
        assertClose(expected, commitment, 1e-7, "d beta mean((z - sg(q))^2) / dz");
        assertFalse(ema.codebook().getArray().hasGradient(), "the codebook takes no gradient");
    }

    @Test
    void kmeansInitialisationSetsCodesSizesAndSumsOnce() {
        double[][] centres = {{0, 0}, {8, 0}, {0, 8}, {8, 8}};
        float[] points = KMeansTestData.clusters(centres, 8, 0.5, 1);
        NDArray first = step.create(points, new Shape(2, 4, 4, 2)).transpose(0, 3, 1, 2);
        float[] randomStart = new float[8];
        for (int i = 0; i < 8; i++) {
            randomStart[i] = i % 2 == 0 ? 100 + i : -100 - i;
        }
        CodebookOptions kmeans = new CodebookOptions(true, 10, 0);
        EmaQuantizer ema = build(2, randomStart, 0.25, 0.99, 1e-5, kmeans, new Shape(2, 2, 4, 4));
        ema.quantize(first, TRAINING);
        assertTrue(ema.kmeansDone());
        // k-means gave N = 8 per cluster and M = 8 x mean; the same batch's EMA step keeps both
        // (g 8 + (1 - g) 8 = 8), so the codes are the cluster means up to the smoothing (~1e-5)
        float[] codes = ema.codebook().getArray().toFloatArray();
        KMeansTestData.assertSameCentres(KMeansTestData.means(points, 4, 2, false), codes, 1e-3);
        assertClose(new float[] {8, 8, 8, 8}, ema.clusterSize().getArray(), 1e-4, "N");
        float[] sums = ema.embedSum().getArray().toFloatArray();
        for (int i = 0; i < 8; i++) {
            assertEquals(8 * codes[i], sums[i], 1e-3, "M = N e");
        }
        // the next training batch is an EMA step, not a second k-means
        NDArray shifted = first.add(0.25f);
        ema.quantize(shifted, TRAINING);
        float[] after = ema.codebook().getArray().toFloatArray();
        for (int i = 0; i < 8; i++) {
            // each code moves 1% of the way to its shifted cluster mean: 0.0025
            assertEquals(codes[i] + 0.0025, after[i], 1e-4, "code element " + i);
        }
    }

    @Test
    void deadCodesMoveToBatchVectorsWithTheirStatisticsReset() {
        float[] codebook = {0, 0, 1, 0, 50, 50, -50, 50};
        float threshold = 0.05f;
        EmaQuantizer ema = build(2, codebook, 0.25, 0.9, 1e-5, new CodebookOptions(false, 10, threshold),
                new Shape(1, 2, 2, 2));
        QuantizerOutput out = ema.quantize(latents(), TRAINING);
        // z2 = (-0.1, 1.5) is nearer e0 than e1 now that e2 is far away
        assertArrayEquals(new long[] {0, 1, 0, 1}, out.indices().toLongArray());
        // N = 0.1 (2, 2, 0, 0): codes 2 and 3 are below 0.05
        ReferenceEma reference = new ReferenceEma(codebook, 2, 0.9, 1e-5);
        reference.step(rows(LATENTS, 1, 2, 4));
        float[] codes = ema.codebook().getArray().toFloatArray();
        float[] expected = reference.codebook();
        assertClose(java.util.Arrays.copyOf(expected, 4), java.util.Arrays.copyOf(codes, 4), 1e-5, "live codes: EMA");
        float[] n = ema.clusterSize().getArray().toFloatArray();
        float[] m = ema.embedSum().getArray().toFloatArray();
        assertClose(new float[] {0.2f, 0.2f, threshold, threshold}, n, 1e-7, "N, restarted at the threshold");
        double[][] batch = rows(LATENTS, 1, 2, 4);
        int[] rowOf = {-1, -1, -1, -1};
        for (int k = 2; k < 4; k++) {
            for (int p = 0; p < 4; p++) {
                if (codes[2 * k] == (float) batch[p][0] && codes[2 * k + 1] == (float) batch[p][1]) {
                    rowOf[k] = p;
                }
            }
            assertTrue(rowOf[k] >= 0, "code " + k + " is a batch vector");
            assertEquals(threshold * codes[2 * k], m[2 * k], 1e-7, "M = threshold x");
            assertEquals(threshold * codes[2 * k + 1], m[2 * k + 1], 1e-7, "M = threshold x");
        }
        assertNotEquals(rowOf[2], rowOf[3]);
    }

    @Test
    void statisticsSurviveSaveAndLoad() throws Exception {
        EmaQuantizer ema = build(2, CODEBOOK, 0.25, 0.9, 0.01, new CodebookOptions(true, 3, 0), new Shape(1, 2, 2, 2));
        ema.quantize(latents(), TRAINING);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ema.saveParameters(new DataOutputStream(bytes));
        EmaQuantizer restored = new EmaQuantizer(2, 3, 0.25, 0.9, 0.01, new CodebookOptions(true, 3, 0));
        restored.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        assertFalse(restored.kmeansDone());
        restored.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertClose(ema.codebook().getArray().toFloatArray(), restored.codebook().getArray(), 0, "codes");
        assertClose(ema.clusterSize().getArray().toFloatArray(), restored.clusterSize().getArray(), 0, "N");
        assertClose(ema.embedSum().getArray().toFloatArray(), restored.embedSum().getArray(), 0, "M");
        assertTrue(restored.kmeansDone(), "the k-means flag");
        // and both continue identically
        QuantizerOutput a = ema.quantize(latents(), TRAINING);
        QuantizerOutput b = restored.quantize(latents(), TRAINING);
        assertArrayEquals(a.indices().toLongArray(), b.indices().toLongArray());
        assertClose(ema.codebook().getArray().toFloatArray(), restored.codebook().getArray(), 0, "after a step");
    }

    @Test
    void defaultCodebookIsStandardNormal() {
        EmaQuantizer ema = new EmaQuantizer(64, 512, 0.25, 0.99, 1e-5, CodebookOptions.none());
        ema.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 64, 7, 7));
        NDArray codes = ema.codebook().getArray();
        assertShape(codes, 512, 64);
        // 32768 draws of N(0, 1): mean within 0.02, variance within 0.03
        assertEquals(0, codes.mean().getFloat(), 0.02);
        assertEquals(1, codes.square().mean().getFloat(), 0.03);
        assertClose(codes.toFloatArray(), ema.embedSum().getArray(), 0, "M = copy of the codes");
    }

    @Test
    @SuppressWarnings("try")
    void perStepArraysStayOffTheParameterManager() {
        EmaQuantizer ema = new EmaQuantizer(8, 32, 0.25, 0.99, 1e-5, new CodebookOptions(true, 2, 0.5));
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, ema, new Shape(2, 8, 4, 4), 4);
        assertTrue(ema.kmeansDone());
    }
}
