package org.vqforge.architectures.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.toDouble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class SelfAttentionTest {

    private static final int B = 2;
    private static final int C = 4;
    private static final int H = 2;
    private static final int W = 3;
    private static final int N = H * W;

    @Test
    void matchesAPlainJavaComputation() {
        Random random = new Random(7);
        float[] x = new float[B * C * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            SelfAttention attention = new SelfAttention(C, 2);
            // a non-trivial norm affine so that it is part of what is checked
            List<Parameter> params = attention.getParameters().values();
            params.get(0).setInitializer(Tensors.fixed(1.5f, 0.5f, -1, 2));
            params.get(1).setInitializer(Tensors.fixed(0.1f, -0.2f, 0.3f, 0));
            attention.initialize(context.manager(), DataType.FLOAT32, new Shape(B, C, H, W));
            List<String> names = new ArrayList<>();
            List<float[]> values = new ArrayList<>();
            for (Pair<String, Parameter> p : attention.getParameters()) {
                names.add(p.getKey());
                values.add(p.getValue().getArray().toFloatArray());
            }
            // the order the reference reads them in
            assertEquals(List.of("01norm_gamma", "01norm_beta", "02q_weight", "02q_bias", "03k_weight", "03k_bias",
                    "04v_weight", "04v_bias", "05proj_out_weight", "05proj_out_bias"), names);
            NDArray out = attention.forward(new ParameterStore(context.manager(), false),
                    new NDList(context.manager().create(x, new Shape(B, C, H, W))), false).singletonOrThrow();
            assertClose(reference(x, values), out, 1e-5, "attention of (2, 4, 2, 3)");
        }
    }

    /** GroupNorm(2 groups), 1x1 q, k, v, softmax over positions with 1/sqrt(C), 1x1 proj_out, + x. */
    private static float[] reference(float[] x, List<float[]> p) {
        double[] h = GroupNormTest.groupNorm(toDouble(x), B, C, N, 2, toDouble(p.get(0)), toDouble(p.get(1)), 1e-6);
        double[] q = conv1x1(h, p.get(2), p.get(3));
        double[] k = conv1x1(h, p.get(4), p.get(5));
        double[] v = conv1x1(h, p.get(6), p.get(7));
        double[] attended = new double[x.length];
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < N; i++) {
                double[] scores = new double[N];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < N; j++) {
                    for (int c = 0; c < C; c++) {
                        scores[j] += q[(b * C + c) * N + i] * k[(b * C + c) * N + j];
                    }
                    scores[j] /= Math.sqrt(C);
                    max = Math.max(max, scores[j]);
                }
                double total = 0;
                for (int j = 0; j < N; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    total += scores[j];
                }
                for (int c = 0; c < C; c++) {
                    double sum = 0;
                    for (int j = 0; j < N; j++) {
                        sum += scores[j] / total * v[(b * C + c) * N + j];
                    }
                    attended[(b * C + c) * N + i] = sum;
                }
            }
        }
        double[] projected = conv1x1(attended, p.get(8), p.get(9));
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] + projected[i]);
        }
        return out;
    }

    private static double[] conv1x1(double[] in, float[] weight, float[] bias) {
        double[] out = new double[in.length];
        for (int b = 0; b < B; b++) {
            for (int o = 0; o < C; o++) {
                for (int n = 0; n < N; n++) {
                    double sum = bias[o];
                    for (int i = 0; i < C; i++) {
                        sum += weight[o * C + i] * in[(b * C + i) * N + n];
                    }
                    out[(b * C + o) * N + n] = sum;
                }
            }
        }
        return out;
    }

    @Test
    void rejectsInputsWithOtherChannels() {
        SelfAttention attention = new SelfAttention(C, 2);
        assertThrows(IllegalArgumentException.class,
                () -> attention.getOutputShapes(new Shape[] {new Shape(1, C + 1, 2, 2)}));
    }}
