package org.vqforge.architectures.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.TestBuildContext;

class CausalSelfAttentionTest {

    private static final int B = 2;
    private static final int T = 5;
    private static final int DIM = 8;
    private static final int HEADS = 2;
    private static final int HEAD_DIM = DIM / HEADS;

    @Test
    void matchesAPlainJavaComputation() {
        for (boolean rotary : new boolean[] {false, true}) {
            Random random = new Random(11);
            float[] x = new float[B * T * DIM];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                CausalSelfAttention attention = new CausalSelfAttention(DIM, HEADS, rotary);
                attention.initialize(context.manager(), DataType.FLOAT32, new Shape(B, T, DIM));
                List<String> names = new ArrayList<>();
                List<float[]> values = new ArrayList<>();
                for (Pair<String, Parameter> p : attention.getParameters()) {
                    names.add(p.getKey());
                    values.add(p.getValue().getArray().toFloatArray());
                }
                assertEquals(List.of("01q_weight", "01q_bias", "02k_weight", "02k_bias", "03v_weight", "03v_bias",
                        "04out_weight", "04out_bias"), names);
                NDArray input = context.manager().create(x, new Shape(B, T, DIM));
                NDArray out = attention.attend(new ParameterStore(context.manager(), false), input, 0, null, false);
                assertClose(reference(x, values, rotary), out, 1e-5, "attention, rotary " + rotary);
            }
        }
    }

    /** Linear q, k, v (weights (out, in)), per head softmax(q.k / sqrt(4)) over keys j <= i, output Linear. */
    private static float[] reference(float[] x, List<float[]> p, boolean rotary) {
        double[][] q = linear(x, p.get(0), p.get(1));
        double[][] k = linear(x, p.get(2), p.get(3));
        double[][] v = linear(x, p.get(4), p.get(5));
        if (rotary) {
            rotate(q);
            rotate(k);
        }
        float[] attended = new float[x.length];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < T; i++) {
                    double[] w = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        for (int c = h * HEAD_DIM; c < (h + 1) * HEAD_DIM; c++) {
                            w[j] += q[b * T + i][c] * k[b * T + j][c];
                        }
                        w[j] /= Math.sqrt(HEAD_DIM);
                        max = Math.max(max, w[j]);
                    }
                    double total = 0;
                    for (int j = 0; j <= i; j++) {
                        w[j] = Math.exp(w[j] - max);
                        total += w[j];
                    }
                    for (int c = h * HEAD_DIM; c < (h + 1) * HEAD_DIM; c++) {
                        double sum = 0;
                        for (int j = 0; j <= i; j++) {
                            sum += w[j] / total * v[b * T + j][c];
                        }
                        attended[(b * T + i) * DIM + c] = (float) sum;
                    }
                }
            }
        }
        double[][] out = linear(attended, p.get(6), p.get(7));
        float[] flat = new float[x.length];
        for (int r = 0; r < B * T; r++) {
            for (int c = 0; c < DIM; c++) {
                flat[r * DIM + c] = (float) out[r][c];
            }
        }
        return flat;
    }

    /** Rows (B*T) of weight . x + bias. */
    private static double[][] linear(float[] x, float[] weight, float[] bias) {
        double[][] out = new double[B * T][DIM];
        for (int r = 0; r < B * T; r++) {
            for (int o = 0; o < DIM; o++) {
                double sum = bias[o];
                for (int i = 0; i < DIM; i++) {
                    sum += (double) weight[o * DIM + i] * x[r * DIM + i];
                }
                out[r][o] = sum;
            }
        }
        return out;
    }

    /** RoFormer rotation of each head's channel pairs (c, c + headDim/2) by t * 10000^(-2c/headDim). */
    private static void rotate(double[][] rows) {
        int half = HEAD_DIM / 2;
        for (int r = 0; r < B * T; r++) {
            int t = r % T;
            for (int h = 0; h < HEADS; h++) {
                for (int c = 0; c < half; c++) {
                    double angle = t / Math.pow(10000, 2.0 * c / HEAD_DIM);
                    double a = rows[r][h * HEAD_DIM + c];
                    double b = rows[r][h * HEAD_DIM + half + c];
                    rows[r][h * HEAD_DIM + c] = a * Math.cos(angle) - b * Math.sin(angle);
                    rows[r][h * HEAD_DIM + half + c] = b * Math.cos(angle) + a * Math.sin(angle);
                }
            }
        }
    }

    @Test
    void causalMaskHidesLaterKeysOnly() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            float inf = Float.NEGATIVE_INFINITY;
            // 2 queries at positions 1 and 2 over 3 keys (the first cached)
            assertArrayEquals(new float[] {0, 0, inf, 0, 0, 0},
                    CausalSelfAttention.causalMask(context.manager(), 1, 2, 3).toFloatArray());
        }
    }

    @Test
    void headsMustDivideDimIntoEvenRotaryHalves() {
        assertThrows(IllegalArgumentException.class, () -> new CausalSelfAttention(10, 4, false));
        assertThrows(IllegalArgumentException.class, () -> new CausalSelfAttention(6, 2, true));
    }
}
