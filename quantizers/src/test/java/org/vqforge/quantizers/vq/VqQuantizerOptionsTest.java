package org.vqforge.quantizers.vq;

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
import org.vqforge.quantizers.vq.VqOptions.Distance;

class VqQuantizerOptionsTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);

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

    private VqQuantizer build(int d, float[] codebook, VqOptions options, Shape latents) {
        VqQuantizer vq = new VqQuantizer(d, codebook.length / (options.codebookDim() > 0 ? options.codebookDim() : d),
                0.25, options);
        vq.setInitializer(Tensors.fixed(codebook), "codebook");
        vq.initialize(context.manager(), DataType.FLOAT32, latents);
        return vq;
    }

    private static VqOptions with(CodebookOptions codebook) {
        return new VqOptions(Distance.L2, 0, codebook, false);
    }

    /** Latents (1, D, 1, W) whose w-th vector is {@code vectors[w]}, channels first. */
    private NDArray latents(float[][] vectors) {
        int d = vectors[0].length;
        int w = vectors.length;
        float[] data = new float[d * w];
        for (int p = 0; p < w; p++) {
            for (int j = 0; j < d; j++) {
                data[j * w + p] = vectors[p][j];
            }
        }
        NDArray z = step.create(data, new Shape(1, d, 1, w));
        z.setRequiresGradient(true);
        return z;
    }

    // ---- cosine distance

    @Test
    void cosineDistancePicksByAngleNotLength() {
        // e0 = (10, 0) is long, e1 = (0.7, 0.7) short. z0 = (1, 0.2): 11 degrees from e0, 34 from e1,
        // but ||z0 - e1||^2 = 0.34 against 81.04 for e0. z1 = (0.1, 3): nearest both ways is e1.
        float[] codebook = {10, 0, 0.7f, 0.7f};
        float[][] z = {{1, 0.2f}, {0.1f, 3}};
        VqQuantizer cosine = build(2, codebook, new VqOptions(Distance.COSINE, 0, CodebookOptions.none(), false),
                new Shape(1, 2, 1, 2));
        VqQuantizer l2 = build(2, codebook, VqOptions.plain(), new Shape(1, 2, 1, 2));
        QuantizerOutput out = cosine.quantize(latents(z), TRAINING);
        assertArrayEquals(new long[] {0, 1}, out.indices().toLongArray());
        assertArrayEquals(new long[] {1, 1}, l2.quantize(latents(z), TRAINING).indices().toLongArray());
        // the output is the unit code: (1, 0) and (1, 1)/sqrt 2, channels first
        float h = (float) Math.sqrt(0.5);
        assertClose(new float[] {1, h, 0, h}, out.quantized(), 1e-6, "unit codes");
        // codebook loss on unit vectors: mean over 4 elements of (q^ - z^)^2
        double sum = 0;
        double[][] unitCodes = {{1, 0}, {h, h}};
        for (int p = 0; p < 2; p++) {
            double norm = Math.hypot(z[p][0], z[p][1]);
            for (int j = 0; j < 2; j++) {
                double diff = unitCodes[p][j] - z[p][j] / norm;
                sum += diff * diff;
            }
        }
        assertEquals(sum / 4, out.losses().get("codebook").getFloat(), 1e-6);
        assertEquals(0.25 * sum / 4, out.losses().get("commitment").getFloat(), 1e-6);
        assertClose(new float[] {1, h, 0, h}, cosine.lookup(out.indices()), 1e-6, "lookup gives unit codes");
    }

    // ---- factorised codes

    @Test
    void codebookDimProjectsInQuantizesAndProjectsOutWithGradientsToBothMaps() {
        int d = 3;
        int c = 2;
        int w = 4;
        float[] inWeight = {0.5f, -1, 1, 0.25f, -0.5f, 2}; // (D, c)
        float[] inBias = {0.1f, -0.2f};
        float[] outWeight = {1, 0.5f, -2, 0.3f, 1.5f, -1}; // (c, D)
        float[] outBias = {0.05f, 0, -0.1f};
        float[] codebook = {0, 0, 1, 0, 0, 1, -1, -1}; // (K = 4, c)
        VqQuantizer vq = new VqQuantizer(d, 4, 0.25, new VqOptions(Distance.L2, c, CodebookOptions.none(), false));
        vq.setInitializer(Tensors.fixed(codebook), "codebook");
        vq.setInitializer(Tensors.fixed(inWeight), "projectIn.weight");
        vq.setInitializer(Tensors.fixed(inBias), "projectIn.bias");
        vq.setInitializer(Tensors.fixed(outWeight), "projectOut.weight");
        vq.setInitializer(Tensors.fixed(outBias), "projectOut.bias");
        vq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, d, 1, w));
        assertShape(vq.codebook().getArray(), 4, c);

        float[][] z = {{0.3f, -0.2f, 0.5f}, {1, 1, -1}, {-0.4f, 0.9f, 0.1f}, {0.2f, 0.2f, 0.2f}};
        float[][] g = {{1, -2, 0.5f}, {0.3f, 1, -1}, {2, 0, 1}, {-1, 1, 0.5f}}; // upstream gradient per vector
        // independent computation: z' = z Win + bin, nearest code, out = q' Wout + bout
        double[][] zp = new double[w][c];
        double[][] q = new double[w][c];
        long[] nearest = new long[w];
        for (int p = 0; p < w; p++) {
            for (int j = 0; j < c; j++) {
                zp[p][j] = inBias[j];
                for (int i = 0; i < d; i++) {
                    zp[p][j] += z[p][i] * inWeight[i * c + j];
                }
            }
            double best = Double.MAX_VALUE;
            for (int k = 0; k < 4; k++) {
                double dist = 0;
                for (int j = 0; j < c; j++) {
                    dist += Math.pow(zp[p][j] - codebook[k * c + j], 2);
                }
                if (dist < best) {
                    best = dist;
                    nearest[p] = k;
                }
            }
            for (int j = 0; j < c; j++) {
                q[p][j] = codebook[(int) nearest[p] * c + j];
            }
        }
        float[] expectedOut = new float[d * w];
        float[] gradOutWeight = new float[c * d];
        float[] gradOutBias = new float[d];
        float[] gradInWeight = new float[d * c];
        float[] gradInBias = new float[c];
        float[] gradZ = new float[d * w];
        for (int p = 0; p < w; p++) {
            double[] gz = new double[c]; // straight-through: d/dz' = Wout g
            for (int i = 0; i < d; i++) {
                double v = outBias[i];
                for (int j = 0; j < c; j++) {
                    v += q[p][j] * outWeight[j * d + i];
                    gradOutWeight[j * d + i] += (float) (q[p][j] * g[p][i]);
                    gz[j] += outWeight[j * d + i] * g[p][i];
                }
                expectedOut[i * w + p] = (float) v;
                gradOutBias[i] += g[p][i];
            }
            for (int j = 0; j < c; j++) {
                gradInBias[j] += (float) gz[j];
                for (int i = 0; i < d; i++) {
                    gradInWeight[i * c + j] += (float) (z[p][i] * gz[j]);
                    gradZ[i * w + p] += (float) (inWeight[i * c + j] * gz[j]);
                }
            }
        }
        NDArray latents = latents(z);
        QuantizerOutput out = vq.quantize(latents, TRAINING);
        assertArrayEquals(nearest, out.indices().toLongArray());
        assertShape(out.quantized(), 1, d, 1, w);
        assertClose(expectedOut, out.quantized(), 1e-5, "Wout q' + bout");
        assertClose(expectedOut, vq.lookup(out.indices()), 1e-5, "lookup projects out too");

        float[] upstream = new float[d * w];
        for (int p = 0; p < w; p++) {
            for (int i = 0; i < d; i++) {
                upstream[i * w + p] = g[p][i];
            }
        }
        NDArray weights = step.create(upstream, new Shape(1, d, 1, w));
        NDArray[] wrt = {latents,
            vq.getParameters().get("projectIn.weight").getArray(), vq.getParameters().get("projectIn.bias").getArray(),
            vq.getParameters().get("projectOut.weight").getArray(), vq.getParameters().get("projectOut.bias").getArray(),
            vq.codebook().getArray()};
        float[][] grads = Tensors.gradients(() -> vq.quantize(latents, TRAINING).quantized().mul(weights).sum(), wrt);
        assertClose(gradZ, grads[0], 1e-5, "d/dz");
        assertClose(gradInWeight, grads[1], 1e-5, "d/d Win");
        assertClose(gradInBias, grads[2], 1e-5, "d/d bin");
        assertClose(gradOutWeight, grads[3], 1e-5, "d/d Wout");
        assertClose(gradOutBias, grads[4], 1e-5, "d/d bout");
        assertClose(new float[8], grads[5], 0, "no gradient to the codes through straight-through");
        // the commitment term reaches the input map as well
        float[] commitment = Tensors.gradients(() -> vq.quantize(latents, TRAINING).losses().get("commitment"),
                wrt[1])[0];
        assertTrue(maxAbs(commitment) > 0, "commitment gradient reaches projectIn.weight");
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    // ---- rotation trick

    @Test
    void rotationTrickOutputsTheCodesAndPassesTheRotatedScaledGradient() {
        int d = 3;
        int w = 5;
        Random random = new Random(5);
        float[] codebook = new float[4 * d];
        for (int i = 0; i < codebook.length; i++) {
            codebook[i] = (float) random.nextGaussian();
        }
        float[][] z = new float[w][d];
        float[] upstream = new float[d * w];
        for (int p = 0; p < w; p++) {
            for (int i = 0; i < d; i++) {
                z[p][i] = (float) random.nextGaussian();
                upstream[i * w + p] = (float) random.nextGaussian();
            }
        }
        VqQuantizer vq = build(d, codebook, new VqOptions(Distance.L2, 0, CodebookOptions.none(), true),
                new Shape(1, d, 1, w));
        NDArray latents = latents(z);
        QuantizerOutput out = vq.quantize(latents, TRAINING);
        long[] chosen = out.indices().toLongArray();
        float[] q = vq.lookup(out.indices()).toFloatArray();
        assertClose(q, out.quantized(), 1e-6, "forward value is the code");

        NDArray weights = step.create(upstream, new Shape(1, d, 1, w));
        float[][] grads = Tensors.gradients(() -> vq.quantize(latents, TRAINING).quantized().mul(weights).sum(),
                latents, vq.codebook().getArray());
        // independent: R = I - 2 r r^T + 2 q^ e^T as a matrix, gradient s R^T g
        float[] expected = new float[d * w];
        for (int p = 0; p < w; p++) {
            double[] zp = new double[d];
            double[] qp = new double[d];
            double[] gp = new double[d];
            for (int i = 0; i < d; i++) {
                zp[i] = z[p][i];
                qp[i] = codebook[(int) chosen[p] * d + i];
                gp[i] = upstream[i * w + p];
            }
            double[] e = unit(zp);
            double[] qHat = unit(qp);
            double[] sum = new double[d];
            for (int i = 0; i < d; i++) {
                sum[i] = e[i] + qHat[i];
            }
            double[] r = unit(sum);
            double[][] rot = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    rot[i][j] = (i == j ? 1 : 0) - 2 * r[i] * r[j] + 2 * qHat[i] * e[j];
                }
            }
            // the matrix is a rotation taking e to q^
            for (int i = 0; i < d; i++) {
                double re = 0;
                for (int j = 0; j < d; j++) {
                    re += rot[i][j] * e[j];
                    double dot = 0;
                    for (int k = 0; k < d; k++) {
                        dot += rot[k][i] * rot[k][j];
                    }
                    assertEquals(i == j ? 1 : 0, dot, 1e-12, "R^T R = I");
                }
                assertEquals(qHat[i], re, 1e-12, "R e = q^");
            }
            double scale = norm(qp) / norm(zp);
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int i = 0; i < d; i++) {
                    v += rot[i][j] * gp[i];
                }
                expected[j * w + p] = (float) (scale * v);
            }
        }
        assertClose(expected, grads[0], 1e-5, "d sum(g q~)/dz = s R^T g");
        assertClose(new float[4 * d], grads[1], 0, "rotation and scale are constants: nothing reaches the codes");
        // not the straight-through gradient
        assertTrue(maxDiff(upstream, grads[0]) > 0.1, "differs from the plain copy");
    }

    private static double[] unit(double[] v) {
        double n = norm(v);
        double[] u = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = v[i] / n;
        }
        return u;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    // ---- k-means initialisation

    private static final double[][] CENTRES = {{0, 0}, {8, 0}, {0, 8}, {8, 8}};

    /** 32 vectors, 8 around each centre, as latents (2, 2, 4, 4) holding them in row order. */
    private NDArray clusteredLatents(long seed) {
        float[] points = KMeansTestData.clusters(CENTRES, 8, 0.5, seed);
        // rows (b, h, w) of (B, H, W, D) back to channels first
        return step.create(points, new Shape(2, 4, 4, 2)).transpose(0, 3, 1, 2);
    }

    @Test
    void kmeansInitialisesTheCodebookOnTheFirstTrainingBatchOnly() throws Exception {
        VqOptions options = with(new CodebookOptions(true, 10, 0));
        VqQuantizer vq = new VqQuantizer(2, 4, 0.25, options);
        vq.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 2, 4, 4));
        assertFalse(vq.kmeansDone().orElseThrow().isSet());
        NDArray first = clusteredLatents(1);
        vq.quantize(first, StepInfo.evaluation());
        assertFalse(vq.kmeansDone().orElseThrow().isSet(), "evaluation does not initialise");

        QuantizerOutput out = vq.quantize(first, TRAINING);
        float[] points = first.transpose(0, 2, 3, 1).toFloatArray();
        float[] codes = vq.codebook().getArray().toFloatArray();
        KMeansTestData.assertSameCentres(
                KMeansTestData.means(points, 4, 2, false), codes, 1e-5);
        assertTrue(vq.kmeansDone().orElseThrow().isSet());
        assertEquals(1.0, out.metrics().get("usage"), "each cluster has its code");

        // a second batch elsewhere does not move the codes (no optimiser here, no restarts)
        vq.quantize(clusteredLatents(2).add(3), TRAINING);
        assertClose(codes, vq.codebook().getArray(), 0, "k-means runs once");

        // the flag is in the checkpoint: a restored quantizer does not run k-means again
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        vq.saveParameters(new DataOutputStream(bytes));
        VqQuantizer restored = new VqQuantizer(2, 4, 0.25, options);
        restored.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 2, 4, 4));
        restored.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        restored.quantize(clusteredLatents(3).add(5), TRAINING);
        assertClose(codes, restored.codebook().getArray(), 0, "restored: no second k-means");
        // while a fresh one does run it on that batch
        VqQuantizer fresh = new VqQuantizer(2, 4, 0.25, options);
        fresh.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 2, 4, 4));
        fresh.quantize(clusteredLatents(3).add(5), TRAINING);
        assertNotEquals(codes[0], fresh.codebook().getArray().toFloatArray()[0]);
    }

    // ---- dead-code restart

    @Test
    void deadCodesMoveToVectorsOfTheBatchAndUsedCodesStay() {
        // e0, e1 near the data; e2, e3 far away, never chosen
        float[] codebook = {0, 0, 1, 0, 50, 50, -50, 50};
        float threshold = 0.005f;
        VqQuantizer vq = build(2, codebook, with(new CodebookOptions(false, 10, threshold)), new Shape(1, 2, 1, 4));
        float[][] z = {{0.2f, 0.1f}, {0.9f, -0.3f}, {0.6f, 0.2f}, {-0.1f, 0.1f}};
        QuantizerOutput out = vq.quantize(latents(z), TRAINING);
        assertArrayEquals(new long[] {0, 1, 1, 0}, out.indices().toLongArray());
        // usage starts at the threshold: 0.99 * 0.005 + 0.01 * counts = (0.02495, 0.02495, 0.00495,
        // 0.00495), so codes 2 and 3 are below 0.005
        float[] codes = vq.codebook().getArray().toFloatArray();
        assertClose(new float[] {0, 0, 1, 0}, java.util.Arrays.copyOf(codes, 4), 0, "used codes unchanged");
        int[] rowOf = new int[4];
        for (int k = 2; k < 4; k++) {
            rowOf[k] = -1;
            for (int p = 0; p < 4; p++) {
                if (codes[2 * k] == z[p][0] && codes[2 * k + 1] == z[p][1]) {
                    rowOf[k] = p;
                }
            }
            assertTrue(rowOf[k] >= 0, "code " + k + " (" + codes[2 * k] + ", " + codes[2 * k + 1]
                    + ") is a vector of the batch");
        }
        assertNotEquals(rowOf[2], rowOf[3], "two dead codes, two different vectors");
        assertClose(new float[] {0.02495f, 0.02495f, threshold, threshold}, vq.usage().orElseThrow().getArray(), 1e-7,
                "usage: the moving average, restarted codes at the threshold");
        // evaluation changes nothing
        float[] usage = vq.usage().orElseThrow().getArray().toFloatArray();
        vq.quantize(latents(z), StepInfo.evaluation());
        assertClose(codes, vq.codebook().getArray(), 0, "eval: codes");
        assertClose(usage, vq.usage().orElseThrow().getArray(), 0, "eval: usage");
    }

    @Test
    void defaultOptionsAddNoParametersBeyondTheCodebook() {
        VqQuantizer plain = new VqQuantizer(4, 8, 0.25);
        assertEquals(1, plain.getParameters().size());
        VqQuantizer all = new VqQuantizer(4, 8, 0.25, new VqOptions(Distance.COSINE, 2,
                new CodebookOptions(true, 3, 1), true));
        assertEquals(java.util.List.of("codebook", "projectIn.weight", "projectIn.bias", "projectOut.weight",
                "projectOut.bias", "usage", "kmeansDone"), all.getParameters().keys());
    }

    // ---- memory

    @Test
    @SuppressWarnings("try")
    void perStepArraysStayOffTheParameterManagerWithEveryOption() {
        VqQuantizer vq = new VqQuantizer(8, 32, 0.25, new VqOptions(Distance.COSINE, 4,
                new CodebookOptions(true, 2, 0.5), true));
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, vq, new Shape(2, 8, 4, 4), 4);
        assertTrue(vq.kmeansDone().orElseThrow().isSet());
    }
}
