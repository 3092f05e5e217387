package org.vqforge.architectures.patchgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;
import static org.vqforge.api.testkit.Tensors.toDouble;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class PatchGanTest {

    private final PatchGanProvider provider = new PatchGanProvider();

    private Parameters params(Map<String, ?> overrides) {
        return provider.schema().with(overrides);
    }

    private Block build(TestBuildContext context, Parameters params, Shape input) {
        Block block = provider.create(NetworkRole.DISCRIMINATOR, params, context);
        block.initialize(context.manager(), DataType.FLOAT32, input);
        return block;
    }

    private static NDArray forward(Block block, NDArray x, boolean training) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    private void assertLogits(ModelShapes shapes, Map<String, ?> overrides, long side) {
        try (TestBuildContext context = new TestBuildContext(shapes, 0)) {
            Shape images = new Shape(2, shapes.imageChannels(), shapes.imageHeight(), shapes.imageWidth());
            Block d = build(context, params(overrides), images);
            assertEquals(new Shape(2, 1, side, side), d.getOutputShapes(new Shape[] {images})[0]);
            assertShape(forward(d, context.manager().randomUniform(-1, 1, images), true), 2, 1, side, side);
        }
    }

    @Test
    void patchLogitsFor28And32PixelImages() {
        // 28 -> 14 -> 7 -> 3 by stride 2, then 2 and 1 by stride 1; 32 -> 16 -> 8 -> 4, 3, 2
        assertLogits(TestBuildContext.FASHION_MNIST, Map.of("ndf", 8), 1);
        assertLogits(new ModelShapes(3, 32, 32, 16), Map.of("ndf", 8), 2);
        // 28 -> 14 -> 7, then 6 and 5
        assertLogits(TestBuildContext.FASHION_MNIST, Map.of("ndf", 8, "layers", 2, "norm", "group"), 5);
    }

    private static long count(Block block, boolean trainable) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient() == trainable) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    @Test
    void parameterCountsFollowTheDesign() {
        // ndf 8, 3 layers, grey images: channels 8 -> 16 -> 32 -> 64 -> 1 with 4x4 kernels
        int[] channels = {1, 8, 16, 32, 64};
        long first = 1 * 8 * 16 + 8;
        long last = 64 * 16 + 1;
        long innerWeights = 0;
        long innerChannels = 0;
        for (int n = 1; n <= 3; n++) {
            innerWeights += (long) channels[n] * channels[n + 1] * 16;
            innerChannels += channels[n + 1];
        }
        // batch: no conv bias, gamma and beta trainable, running mean and variance not
        long batch = first + innerWeights + 2 * innerChannels + last;
        assertEquals(44_393, batch);
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Shape input = new Shape(1, 1, 28, 28);
            Block b = build(context, params(Map.of("ndf", 8)), input);
            assertEquals(batch, count(b, true));
            assertEquals(2 * innerChannels, count(b, false));
            // group: conv biases and gamma and beta; none: conv biases only
            Block g = build(context, params(Map.of("ndf", 8, "norm", "group")), input);
            assertEquals(batch + innerChannels, count(g, true));
            Block none = build(context, params(Map.of("ndf", 8, "norm", "none")), input);
            assertEquals(batch + innerChannels - 2 * innerChannels, count(none, true));
            assertEquals(0, count(none, false));
        }
    }

    @Test
    void weightsStartNormalAroundZeroAndNormScalesAroundOne() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Block d = build(context, params(Map.of()), new Shape(1, 1, 28, 28));
            int convs = 0;
            int norms = 0;
            for (Pair<String, Parameter> p : d.getParameters()) {
                float[] v = p.getValue().getArray().toFloatArray();
                double mean = 0;
                for (float x : v) {
                    mean += x;
                }
                mean /= v.length;
                double var = 0;
                for (float x : v) {
                    var += (x - mean) * (x - mean);
                }
                double std = Math.sqrt(var / v.length);
                String what = p.getKey() + ": mean " + mean + ", std " + std + " of " + v.length;
                if (p.getValue().getName().equals("weight")) {
                    // the smallest has 1024 values: the sample std is within 5% of 0.02 (> 4 sigma)
                    assertEquals(0, mean, 0.003, what);
                    assertEquals(0.02, std, 0.001, what);
                    convs++;
                } else if (p.getValue().getName().equals("gamma")) {
                    // 128 to 512 values: mean within 0.006 (> 4 sigma), std within 30%
                    assertEquals(1, mean, 0.006, what);
                    assertEquals(0.02, std, 0.006, what);
                    norms++;
                }
            }
            assertEquals(5, convs);
            assertEquals(3, norms);
        }
    }

    @Test
    void gradientsReachEveryTrainableParameter() {
        for (String norm : List.of("batch", "group", "none")) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                Block d = build(context, params(Map.of("ndf", 4, "norm", norm)), new Shape(4, 1, 28, 28));
                List<String> names = new ArrayList<>();
                List<NDArray> arrays = new ArrayList<>();
                for (Pair<String, Parameter> p : d.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        names.add(p.getKey());
                        arrays.add(p.getValue().getArray());
                    }
                }
                NDArray images = context.manager().randomUniform(-1, 1, new Shape(4, 1, 28, 28));
                NDArray weights = context.manager().randomNormal(new Shape(4, 1, 1, 1));
                float[][] gradients = Tensors.gradients(
                        () -> forward(d, images, true).mul(weights).sum(), arrays.toArray(NDArray[]::new));
                for (int i = 0; i < gradients.length; i++) {
                    double sum = 0;
                    for (float g : gradients[i]) {
                        sum += Math.abs(g);
                    }
                    assertTrue(sum > 0 && Double.isFinite(sum), norm + ": " + names.get(i) + " gets no gradient");
                }
            }
        }
    }

    @Test
    void matchesAPlainJavaComputationWithoutNorm() {
        // grey 6x6 image, ndf 2, 1 layer: conv 1->2 stride 2 (6 -> 3), LeakyReLU, conv 2->4 stride 1
        // (3 -> 2), LeakyReLU, conv 4->1 stride 1 (2 -> 1); every conv 4x4 with padding 1
        Random random = new Random(3);
        float[] x = new float[36];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (TestBuildContext context = new TestBuildContext(new ModelShapes(1, 6, 6, 4), 0)) {
            Block d = build(context, params(Map.of("ndf", 2, "layers", 1, "norm", "none")), new Shape(1, 1, 6, 6));
            List<float[]> p = new ArrayList<>();
            for (Parameter parameter : d.getParameters().values()) {
                p.add(parameter.getArray().toFloatArray());
            }
            double[] h = leaky(conv(toDouble(x), 1, 6, p.get(0), p.get(1), 2, 2));
            h = leaky(conv(h, 2, 3, p.get(2), p.get(3), 4, 1));
            double[] logits = conv(h, 4, 2, p.get(4), p.get(5), 1, 1);
            assertEquals(1, logits.length);
            NDArray out = forward(d, context.manager().create(x, new Shape(1, 1, 6, 6)), false);
            assertClose(new float[] {(float) logits[0]}, out, 1e-6, "PatchGAN(ndf 2, 1 layer)");
        }
    }

    private static double[] leaky(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] > 0 ? v[i] : 0.2 * v[i];
        }
        return out;
    }

    /** A 4x4 convolution with zero padding 1 of a square (in, size, size) map. */
    private static double[] conv(double[] x, int in, int size, float[] w, float[] b, int out, int stride) {
        int outSize = (size + 2 - 4) / stride + 1;
        double[] y = new double[out * outSize * outSize];
        for (int o = 0; o < out; o++) {
            for (int r = 0; r < outSize; r++) {
                for (int c = 0; c < outSize; c++) {
                    double sum = b[o];
                    for (int i = 0; i < in; i++) {
                        for (int kr = 0; kr < 4; kr++) {
                            for (int kc = 0; kc < 4; kc++) {
                                int row = r * stride + kr - 1;
                                int col = c * stride + kc - 1;
                                if (row >= 0 && row < size && col >= 0 && col < size) {
                                    sum += w[((o * in + i) * 4 + kr) * 4 + kc] * x[(i * size + row) * size + col];
                                }
                            }
                        }
                    }
                    y[(o * outSize + r) * outSize + c] = sum;
                }
            }
        }
        return y;
    }

    @Test
    void savedParametersIncludingRunningStatisticsLoadIntoAFreshNetwork() throws Exception {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Shape input = new Shape(4, 1, 28, 28);
            Block d = build(context, params(Map.of("ndf", 4)), input);
            NDArray images = context.manager().randomUniform(-1, 1, input);
            forward(d, images, true); // moves the batch norms' running statistics off 0 and 1
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                d.saveParameters(out);
            }
            Block fresh = build(context, params(Map.of("ndf", 4)), input);
            fresh.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertClose(forward(d, images, false).toFloatArray(), forward(fresh, images, false), 0, "reloaded");
        }
    }

    @Test
    void aStepLeavesNothingOnTheModelsManager() {
        for (String norm : List.of("batch", "group")) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                Block d = build(context, params(Map.of("ndf", 4, "norm", norm)), new Shape(2, 1, 28, 28));
                int before = context.manager().getManagedArrays().size();
                try (NDManager step = context.manager().newSubManager()) {
                    forward(d, step.randomUniform(-1, 1, new Shape(2, 1, 28, 28)), true);
                    assertEquals(before, context.manager().getManagedArrays().size() - step.getManagedArrays().size(),
                            norm);
                }
            }
        }
    }

    @Test
    void checkNamesLayersAndTheLargestThatFits() {
        assertEquals(List.of(), provider.check(params(Map.of()), TestBuildContext.FASHION_MNIST));
        List<ConfigProblem> problems = provider.check(params(Map.of("layers", 4)), TestBuildContext.FASHION_MNIST);
        assertEquals(List.of("layers"), problems.stream().map(ConfigProblem::key).toList());
        assertTrue(problems.get(0).message().contains("at most 3 for 28x28"), problems.toString());
        List<ConfigProblem> tiny = provider.check(params(Map.of("layers", 1)), new ModelShapes(1, 5, 5, 4));
        assertTrue(tiny.get(0).message().contains("no value fits"), tiny.toString());
        // 64 -> 32 -> 16 -> 8 -> 4 leaves 4 - 2 = 2; a fifth halving leaves 2 - 2 = 0
        assertEquals(4, PatchGanSpec.maxLayers(64, 64));
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            assertThrows(IllegalArgumentException.class,
                    () -> provider.create(NetworkRole.DISCRIMINATOR, params(Map.of("layers", 4)), context));
            assertThrows(IllegalArgumentException.class,
                    () -> provider.create(NetworkRole.ENCODER, params(Map.of()), context));
        }
    }

    @Test
    void schemaRejectsOutOfRangeValuesNamingTheKey() {
        List<ConfigProblem> problems = new ArrayList<>();
        provider.schema().resolve(Map.of("ndf", 0, "layers", 0, "norm", "instance"), problems);
        assertEquals(List.of("layers", "ndf", "norm"), problems.stream().map(ConfigProblem::key).sorted().toList());
        assertEquals(Map.of("ndf", 64, "layers", 3, "norm", "batch"), provider.schema().defaults().asMap());
    }
}
