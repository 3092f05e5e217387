package org.vqforge.quantizers.simvq;

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
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;
import org.vqforge.quantizers.common.NearestCode;

/** SimVQ against a plain-Java computation of C = E W + b, the nearest codes and the losses. */
class SimVqQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);
    private static final int K = 6;
    private static final int D = 4;
    private static final int B = 2;
    private static final int H = 3;
    private static final int W = 3;
    private static final int N = B * H * W;

    private TestBuildContext context;
    private NDManager step;
    private final Random random = new Random(11);
    private float[] basis;
    private float[] weight;
    private float[] bias;
    private float[] latents;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
        step = context.manager().newSubManager();
        basis = gaussian(K * D);
        weight = gaussian(D * D);
        bias = gaussian(D);
        latents = gaussian(B * D * H * W);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private float[] gaussian(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private SimVqQuantizer handSet() {
        SimVqQuantizer q = new SimVqQuantizer(D, K, 0.25, NearestCode.ENGINE);
        q.setInitializer(Tensors.fixed(basis), "basis");
        q.setInitializer(Tensors.fixed(weight), "transform.weight");
        q.setInitializer(Tensors.fixed(bias), "transform.bias");
        q.initialize(context.manager(), DataType.FLOAT32, new Shape(B, D, H, W));
        return q;
    }

    /** C[k][j] = sum_i E[k][i] W[i][j] + b[j] (W stored (in, out)), in double. */
    private double[][] codes() {
        double[][] c = new double[K][D];
        for (int k = 0; k < K; k++) {
            for (int j = 0; j < D; j++) {
                double sum = bias[j];
                for (int i = 0; i < D; i++) {
                    sum += (double) basis[k * D + i] * weight[i * D + j];
                }
                c[k][j] = sum;
            }
        }
        return c;
    }

    /** Latent vector of row r = (b, h, w), from the channels-first array. */
    private double z(int r, int j) {
        int b = r / (H * W);
        int p = r % (H * W);
        return latents[(b * D + j) * H * W + p];
    }

    private int[] nearest(double[][] c) {
        int[] chosen = new int[N];
        for (int r = 0; r < N; r++) {
            double best = Double.MAX_VALUE;
            for (int k = 0; k < K; k++) {
                double d = 0;
                for (int j = 0; j < D; j++) {
                    d += (z(r, j) - c[k][j]) * (z(r, j) - c[k][j]);
                }
                if (d < best) {
                    best = d;
                    chosen[r] = k;
                }
            }
        }
        return chosen;
    }

    private NDArray latentArray() {
        NDArray z = step.create(latents, new Shape(B, D, H, W));
        z.setRequiresGradient(true);
        return z;
    }

    @Test
    void quantizesToTheNearestRowOfTheTransformedBasis() {
        double[][] c = codes();
        int[] chosen = nearest(c);
        QuantizerOutput out = handSet().quantize(latentArray(), TRAINING);

        assertShape(out.indices(), B, H, W);
        long[] indices = out.indices().toLongArray();
        float[] expected = new float[latents.length];
        double squared = 0;
        for (int r = 0; r < N; r++) {
            assertEquals(chosen[r], indices[r], "row " + r);
            for (int j = 0; j < D; j++) {
                int b = r / (H * W);
                expected[(b * D + j) * H * W + r % (H * W)] = (float) c[chosen[r]][j];
                squared += (c[chosen[r]][j] - z(r, j)) * (c[chosen[r]][j] - z(r, j));
            }
        }
        assertClose(expected, out.quantized(), 1e-5, "quantized = C[index], channels first");
        double mse = squared / (N * D);
        assertEquals(mse, out.losses().get("codebook").getFloat(), 1e-5 * mse, "mean((q - sg(z))^2)");
        assertEquals(0.25 * mse, out.losses().get("commitment").getFloat(), 1e-5 * mse, "beta mean((z - sg(q))^2)");
    }

    @Test
    void lookupMapsIndicesToTheTransformedBasis() {
        double[][] c = codes();
        long[] indices = {5, 0, 3, 3, 1, 2};
        NDArray looked = handSet().lookup(step.create(indices, new Shape(1, 2, 3)));
        assertShape(looked, 1, D, 2, 3);
        float[] expected = new float[D * 6];
        for (int p = 0; p < 6; p++) {
            for (int j = 0; j < D; j++) {
                expected[j * 6 + p] = (float) c[(int) indices[p]][j];
            }
        }
        assertClose(expected, looked, 1e-5, "lookup");
    }

    @Test
    void theCodebookLossTrainsTheMapAndNeverTheBasis() {
        SimVqQuantizer q = handSet();
        assertFalse(q.basis().requiresGradient(), "the basis is frozen");
        NDArray w = q.transform().get(0).getArray();
        NDArray b = q.transform().get(1).getArray();
        float[] basisBefore = q.basis().getArray().toFloatArray();
        NDArray z = latentArray();
        float[][] g = Tensors.gradients(() -> q.quantize(z, TRAINING).losses().get("codebook"), w, b);

        // d/dW[i][j] mean((q - z)^2) = sum_r 2 (q_rj - z_rj) E[k_r][i] / (N D); d/db[j] the same without E
        double[][] c = codes();
        int[] chosen = nearest(c);
        float[] dw = new float[D * D];
        float[] db = new float[D];
        for (int r = 0; r < N; r++) {
            for (int j = 0; j < D; j++) {
                double residual = 2 * (c[chosen[r]][j] - z(r, j)) / (N * D);
                db[j] += (float) residual;
                for (int i = 0; i < D; i++) {
                    dw[i * D + j] += (float) (residual * basis[chosen[r] * D + i]);
                }
            }
        }
        assertClose(dw, g[0], 1e-5, "dL/dW");
        assertClose(db, g[1], 1e-5, "dL/db");
        assertArrayEquals(basisBefore, q.basis().getArray().toFloatArray(), "the basis is unchanged");
    }

    @Test
    void straightThroughPassesTheOutputGradientToTheLatents() {
        SimVqQuantizer q = handSet();
        NDArray z = latentArray();
        float[] weights = gaussian(latents.length);
        NDArray scale = step.create(weights, new Shape(B, D, H, W));
        float[][] g = Tensors.gradients(() -> q.quantize(z, TRAINING).quantized().mul(scale).sum(), z);
        assertClose(weights, g[0], 0, "d sum(s q)/dz");
    }

    @Test
    void theBasisIsDrawnFromANormalWithStdOneOverRootDAndSavedWithTheMap() throws IOException, ai.djl.MalformedModelException {
        int d = 64;
        SimVqQuantizer drawn = new SimVqQuantizer(d, 512, 0.25, NearestCode.ENGINE);
        drawn.initialize(context.manager(), DataType.FLOAT32, new Shape(1, d, 7, 7));
        float[] e = drawn.basis().getArray().toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float v : e) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / e.length;
        double std = Math.sqrt(squares / e.length - mean * mean);
        // 32,768 draws: the standard errors are about 7e-4 (mean) and 5e-4 (std)
        assertEquals(0, mean, 0.004);
        assertEquals(1 / Math.sqrt(d), std, 0.003);
        List<String> names = drawn.getParameters().stream().map(Pair::getKey).toList();
        assertEquals(List.of("basis", "transform.weight", "transform.bias"), names);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        drawn.saveParameters(new DataOutputStream(bytes));
        SimVqQuantizer restored = new SimVqQuantizer(d, 512, 0.25, NearestCode.ENGINE);
        restored.initialize(context.manager(), DataType.FLOAT32, new Shape(1, d, 7, 7));
        assertNotEquals(e[0], restored.basis().getArray().toFloatArray()[0], "a fresh draw differs");
        restored.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(e, restored.basis().getArray().toFloatArray(), "the checkpoint holds the basis");
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(drawn.transform().get(i).getArray().toFloatArray(),
                    restored.transform().get(i).getArray().toFloatArray());
        }
        assertTrue(drawn.transform().get(0).requiresGradient());
    }

    @Test
    void stepsLeaveNothingOnTheParameterManager() {
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context,
                new SimVqQuantizer(8, 32, 0.25, NearestCode.ENGINE), new Shape(2, 8, 4, 4), 3);
    }
}
