package org.vqforge.architectures.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class GroupNormTest {

    private TestBuildContext context;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private NDManager manager() {
        return context.manager();
    }

    private static NDArray forward(GroupNorm norm, NDArray x) {
        return norm.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).singletonOrThrow();
    }

    private static double[] random(int n, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian() * 2 + 0.5;
        }
        return v;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Plain-Java group norm of (B, C, N) in double precision; the attention test's reference uses it too. */
    static double[] groupNorm(double[] x, int batch, int channels, int positions, int groups,
            double[] gamma, double[] beta, double eps) {
        double[] out = new double[x.length];
        int perGroup = channels / groups;
        for (int b = 0; b < batch; b++) {
            for (int g = 0; g < groups; g++) {
                int start = (b * channels + g * perGroup) * positions;
                int count = perGroup * positions;
                double mean = 0;
                for (int i = 0; i < count; i++) {
                    mean += x[start + i];
                }
                mean /= count;
                double var = 0;
                for (int i = 0; i < count; i++) {
                    var += (x[start + i] - mean) * (x[start + i] - mean);
                }
                var /= count;
                for (int i = 0; i < count; i++) {
                    int c = g * perGroup + i / positions;
                    out[start + i] = (x[start + i] - mean) / Math.sqrt(var + eps) * gamma[c] + beta[c];
                }
            }
        }
        return out;
    }

    @Test
    void matchesAHandComputedCase() {
        // (1, 4, 1, 2), 2 groups of 2 channels: group 0 holds [0 2 | 0 2] (mean 1, variance 1),
        // group 1 holds [2 6 | 2 6] (mean 4, variance 4): both normalise to [-1 1 | -1 1]
        // (up to the 1e-6 epsilon: 1/sqrt(1 + 1e-6) = 0.9999995). With gamma [1 2 3 -1] and
        // beta [0 0.5 -1 2]: channel 0 [-1 1], 1 [-1.5 2.5], 2 [-4 2], 3 [3 1].
        GroupNorm norm = new GroupNorm(2, GroupNorm.TAMING_EPSILON);
        List<Parameter> params = norm.getParameters().values();
        params.get(0).setInitializer(Tensors.fixed(1, 2, 3, -1));
        params.get(1).setInitializer(Tensors.fixed(0, 0.5f, -1, 2));
        norm.initialize(manager(), DataType.FLOAT32, new Shape(1, 4, 1, 2));
        NDArray x = manager().create(new float[] {0, 2, 0, 2, 2, 6, 2, 6}, new Shape(1, 4, 1, 2));
        assertClose(new float[] {-1, 1, -1.5f, 2.5f, -4, 2, 3, 1}, forward(norm, x), 1e-5, "GroupNorm(2)");
    }

    @Test
    void startsAsPlainNormalisationWithScaleOneAndShiftZero() {
        GroupNorm norm = new GroupNorm(1, GroupNorm.TAMING_EPSILON);
        norm.initialize(manager(), DataType.FLOAT32, new Shape(1, 3, 2, 2));
        List<Parameter> params = norm.getParameters().values();
        assertClose(new float[] {1, 1, 1}, params.get(0).getArray(), 0, "gamma");
        assertClose(new float[] {0, 0, 0}, params.get(1).getArray(), 0, "beta");
    }

    @Test
    void matchesAPlainJavaComputationOnRandomInput() {
        int b = 3;
        int c = 6;
        int h = 3;
        int w = 4;
        int groups = 3;
        double[] x = random(b * c * h * w, 1);
        double[] gamma = random(c, 2);
        double[] beta = random(c, 3);
        GroupNorm norm = new GroupNorm(groups, GroupNorm.TAMING_EPSILON);
        List<Parameter> params = norm.getParameters().values();
        params.get(0).setInitializer(Tensors.fixed(toFloat(gamma)));
        params.get(1).setInitializer(Tensors.fixed(toFloat(beta)));
        norm.initialize(manager(), DataType.FLOAT32, new Shape(b, c, h, w));
        NDArray out = forward(norm, manager().create(toFloat(x), new Shape(b, c, h, w)));
        double[] expected = groupNorm(x, b, c, h * w, groups, gamma, beta, 1e-6);
        assertClose(toFloat(expected), out, 1e-5, "GroupNorm(3) of (3, 6, 3, 4)");
    }

    @Test
    void inputGradientMatchesCentralFiniteDifferences() {
        // in double precision so that differences with step 1e-5 are exact to ~1e-9
        int b = 2;
        int c = 4;
        int h = 3;
        int w = 3;
        Shape shape = new Shape(b, c, h, w);
        GroupNorm norm = new GroupNorm(2, GroupNorm.TAMING_EPSILON);
        List<Parameter> params = norm.getParameters().values();
        params.get(0).setInitializer((m, s, t) -> m.create(new double[] {1.5, -0.5, 2, 0.7}, s));
        params.get(1).setInitializer((m, s, t) -> m.create(new double[] {0.1, 0.2, -0.3, 0.4}, s));
        norm.initialize(manager(), DataType.FLOAT64, shape);
        double[] x = random(b * c * h * w, 4);
        double[] weights = random(x.length, 5);
        NDArray weightArray = manager().create(weights, shape);
        NDArray input = manager().create(x, shape);
        input.setRequiresGradient(true);
        // loss = sum(weights * GroupNorm(x)), so every output element matters differently
        try (GradientCollector collector = context.backend().newGradientCollector()) {
            collector.backward(forward(norm, input).mul(weightArray).sum());
        }
        double[] gradient = input.getGradient().toDoubleArray();

        double step = 1e-5;
        double[] numeric = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] plus = x.clone();
            double[] minus = x.clone();
            plus[i] += step;
            minus[i] -= step;
            numeric[i] = ((loss(norm, plus, shape, weightArray) - loss(norm, minus, shape, weightArray))
                    / (2 * step));
        }
        for (int i = 0; i < x.length; i++) {
            assertEquals(numeric[i], gradient[i], 1e-7, "d sum(w GroupNorm(x))/dx[" + i + "] vs finite differences");
        }
    }

    private double loss(GroupNorm norm, double[] x, Shape shape, NDArray weights) {
        try (NDManager sub = manager().newSubManager()) {
            return forward(norm, sub.create(x, shape)).mul(weights).sum().getDouble();
        }
    }

    @Test
    void leavesNothingOnTheParametersManagerPerStep() {
        GroupNorm norm = new GroupNorm(2, GroupNorm.TAMING_EPSILON);
        norm.initialize(manager(), DataType.FLOAT32, new Shape(2, 4, 3, 3));
        int before = manager().getManagedArrays().size();
        try (NDManager step = manager().newSubManager()) {
            forward(norm, step.randomUniform(0, 1, new Shape(2, 4, 3, 3)));
            assertEquals(before, manager().getManagedArrays().size() - step.getManagedArrays().size(),
                    "arrays left on the model's manager");
        }
        assertEquals(before, manager().getManagedArrays().size(), "after the step's manager is closed");
    }

    @Test
    void groupCountIsTheLargestDivisorUpToTheMaximum() {
        assertEquals(32, GroupNorm.groupCount(64, 32));
        assertEquals(32, GroupNorm.groupCount(128, 32));
        assertEquals(24, GroupNorm.groupCount(48, 32));
        assertEquals(6, GroupNorm.groupCount(6, 32));
        assertEquals(1, GroupNorm.groupCount(37, 32));
        assertEquals(4, GroupNorm.groupCount(64, 5));
    }

    @Test
    void rejectsChannelsTheGroupsDoNotDivide() {
        GroupNorm norm = new GroupNorm(4, GroupNorm.TAMING_EPSILON);
        assertThrows(IllegalArgumentException.class, () -> norm.getOutputShapes(new Shape[] {new Shape(1, 6, 2, 2)}));
        assertThrows(IllegalArgumentException.class,
                () -> norm.initialize(manager(), DataType.FLOAT32, new Shape(1, 6, 2, 2)));
    }
}
