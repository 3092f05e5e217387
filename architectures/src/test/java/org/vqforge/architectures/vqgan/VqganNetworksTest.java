package org.vqforge.architectures.vqgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertShape;

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
import org.junit.jupiter.api.Test;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class VqganNetworksTest {

    private final ArchitectureProvider encoders = new VqganEncoderProvider();
    private final ArchitectureProvider decoders = new VqganDecoderProvider();

    /** A small model: 4 base channels, 2 levels, attention at the 4x4 level of 8x8 images. */
    private static final Map<String, Object> SMALL =
            Map.of("ch", 4, "chMult", List.of(1, 2), "attnResolutions", List.of(4), "groups", 2);

    private static Parameters params(Map<String, ?> overrides) {
        return VqganSpec.SCHEMA.with(overrides);
    }

    private static NDArray forward(Block block, NDArray x, boolean training) {
        return block.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).singletonOrThrow();
    }

    /** Encodes and decodes a batch of 2, checking the shapes the blocks report and produce. */
    private void roundTrip(ModelShapes shapes, Parameters params, long... latent) {
        try (TestBuildContext context = new TestBuildContext(shapes, 0)) {
            Shape images = new Shape(2, shapes.imageChannels(), shapes.imageHeight(), shapes.imageWidth());
            Block encoder = encoders.create(NetworkRole.ENCODER, params, context);
            Block decoder = decoders.create(NetworkRole.DECODER, params, context);
            encoder.initialize(context.manager(), DataType.FLOAT32, images);
            decoder.initialize(context.manager(), DataType.FLOAT32, new Shape(latent));
            assertEquals(new Shape(latent), encoder.getOutputShapes(new Shape[] {images})[0]);
            assertEquals(images, decoder.getOutputShapes(new Shape[] {new Shape(latent)})[0]);
            NDArray z = forward(encoder, context.manager().randomUniform(-1, 1, images), false);
            assertShape(z, latent);
            assertShape(forward(decoder, z, false), images.getShape());
        }
    }

    @Test
    void twoLevelsOnFashionMnistHalveOnceAndMirrorBack() {
        // the default levels, fewer channels to keep the test quick
        roundTrip(TestBuildContext.FASHION_MNIST, params(Map.of("ch", 8)), 2, 64, 14, 14);
    }

    @Test
    void threeLevelsOnFashionMnistGiveSevenBySevenLatents() {
        roundTrip(TestBuildContext.FASHION_MNIST,
                params(Map.of("ch", 8, "chMult", List.of(1, 2, 2), "attnResolutions", List.of(7))), 2, 64, 7, 7);
    }

    @Test
    void rgbImagesOf32Pixels() {
        roundTrip(new ModelShapes(3, 32, 32, 16),
                params(Map.of("ch", 8, "chMult", List.of(1, 2, 2), "attnResolutions", List.of(8, 16))), 2, 16, 8, 8);
    }

    private static long count(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    private static long conv(int in, int out, int k) {
        return (long) in * out * k * k + out;
    }

    private static long norm(int c) {
        return 2L * c;
    }

    private static long res(int in, int out) {
        return norm(in) + conv(in, out, 3) + norm(out) + conv(out, out, 3) + (in == out ? 0 : conv(in, out, 1));
    }

    private static long attention(int c) {
        return norm(c) + 4 * conv(c, c, 1);
    }

    @Test
    void parameterCountsFollowTheDesign() {
        // 8x8 grey images, 3 latent channels; levels of 4 channels at 8x8 and 8 channels at 4x4
        long encoder = conv(1, 4, 3) + res(4, 4) + conv(4, 4, 3) // conv_in, level 0, downsampling
                + res(4, 8) + attention(8) // level 1 at 4x4
                + res(8, 8) + attention(8) + res(8, 8) // middle
                + norm(8) + conv(8, 3, 3); // out
        long decoder = conv(3, 8, 3) + res(8, 8) + attention(8) + res(8, 8) // conv_in, middle
                + 2 * (res(8, 8) + attention(8)) + conv(8, 8, 3) // level 1 (2 blocks), upsampling conv
                + res(8, 4) + res(4, 4) // level 0
                + norm(4) + conv(4, 1, 3);
        assertEquals(4687, encoder);
        assertEquals(7377, decoder);
        try (TestBuildContext context = new TestBuildContext(new ModelShapes(1, 8, 8, 3), 0)) {
            Block enc = encoders.create(NetworkRole.ENCODER, params(SMALL), context);
            Block dec = decoders.create(NetworkRole.DECODER, params(SMALL), context);
            enc.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, 8, 8));
            dec.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 3, 4, 4));
            assertEquals(encoder, count(enc));
            assertEquals(decoder, count(dec));
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        Parameters small = params(Map.of("ch", 4, "chMult", List.of(1, 2), "attnResolutions", List.of(8, 4),
                "groups", 2, "dropout", 0.1));
        try (TestBuildContext context = new TestBuildContext(new ModelShapes(1, 8, 8, 3), 0)) {
            Block encoder = encoders.create(NetworkRole.ENCODER, small, context);
            Block decoder = decoders.create(NetworkRole.DECODER, small, context);
            encoder.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 1, 8, 8));
            decoder.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 3, 4, 4));
            List<Pair<String, Parameter>> all = new ArrayList<>();
            encoder.getParameters().forEach(p -> all.add(new Pair<>("encoder " + p.getKey(), p.getValue())));
            decoder.getParameters().forEach(p -> all.add(new Pair<>("decoder " + p.getKey(), p.getValue())));
            NDArray[] arrays = all.stream().map(p -> p.getValue().getArray()).toArray(NDArray[]::new);
            NDArray images = context.manager().randomUniform(-1, 1, new Shape(2, 1, 8, 8));
            NDArray target = context.manager().randomUniform(-1, 1, new Shape(2, 1, 8, 8));
            float[][] gradients = Tensors.gradients(
                    () -> forward(decoder, forward(encoder, images, true), true).sub(target).square().sum(), arrays);
            for (int i = 0; i < arrays.length; i++) {
                double norm = 0;
                for (float g : gradients[i]) {
                    norm += g * g;
                }
                assertTrue(norm > 0 && Double.isFinite(norm), all.get(i).getKey() + " gets no gradient");
            }
        }
    }

    @Test
    void decodersLastWeightIsConvOutsWeight() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Block decoder = decoders.create(NetworkRole.DECODER, params(Map.of("ch", 8)), context);
            decoder.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 64, 14, 14));
            // the runner's rule (VqModel.decoderOutputWeight): the last parameter whose key ends in weight
            Parameter last = null;
            for (Pair<String, Parameter> p : decoder.getParameters()) {
                if (p.getKey().endsWith("weight")) {
                    last = p.getValue();
                }
            }
            List<Block> children = decoder.getChildren().values();
            Block convOut = children.get(children.size() - 1);
            assertSame(convOut.getParameters().get("weight"), last);
            assertShape(last.getArray(), 1, 8, 3, 3);
        }
    }

    @Test
    void savedParametersLoadIntoAFreshNetwork() throws Exception {
        ModelShapes shapes = new ModelShapes(1, 8, 8, 3);
        try (TestBuildContext context = new TestBuildContext(shapes, 0)) {
            Shape latent = new Shape(2, 3, 4, 4);
            Block decoder = decoders.create(NetworkRole.DECODER, params(SMALL), context);
            decoder.initialize(context.manager(), DataType.FLOAT32, latent);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                decoder.saveParameters(out);
            }
            Block fresh = decoders.create(NetworkRole.DECODER, params(SMALL), context);
            fresh.initialize(context.manager(), DataType.FLOAT32, latent);
            NDArray z = context.manager().randomNormal(latent);
            float[] expected = forward(decoder, z, false).toFloatArray();
            assertTrue(Math.abs(expected[0] - forward(fresh, z, false).getFloat(0, 0, 0, 0)) > 1e-6,
                    "a fresh decoder starts elsewhere");
            fresh.loadParameters(context.manager(),
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            Tensors.assertClose(expected, forward(fresh, z, false), 0, "reloaded decoder");
        }
    }

    @Test
    void aStepLeavesNothingOnTheModelsManager() {
        try (TestBuildContext context = new TestBuildContext(new ModelShapes(1, 8, 8, 3), 0)) {
            Parameters p = params(Map.of("ch", 4, "chMult", List.of(1, 2), "attnResolutions", List.of(8, 4),
                    "groups", 2, "dropout", 0.1));
            Block encoder = encoders.create(NetworkRole.ENCODER, p, context);
            Block decoder = decoders.create(NetworkRole.DECODER, p, context);
            encoder.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 1, 8, 8));
            decoder.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 3, 4, 4));
            int before = context.manager().getManagedArrays().size();
            try (NDManager step = context.manager().newSubManager()) {
                forward(decoder, forward(encoder, step.randomUniform(-1, 1, new Shape(2, 1, 8, 8)), true), true);
                assertEquals(before, context.manager().getManagedArrays().size() - step.getManagedArrays().size());
            }
        }
    }

    @Test
    void dropoutOnlyActsInTraining() {
        Parameters withDropout = params(Map.of("ch", 4, "groups", 2, "dropout", 0.5));
        try (TestBuildContext context = new TestBuildContext(new ModelShapes(1, 8, 8, 3), 0)) {
            Block encoder = encoders.create(NetworkRole.ENCODER, withDropout, context);
            encoder.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, 8, 8));
            NDArray x = context.manager().randomUniform(-1, 1, new Shape(1, 1, 8, 8));
            float[] first = forward(encoder, x, false).toFloatArray();
            Tensors.assertClose(first, forward(encoder, x, false), 0, "inference is deterministic");
            float[] trained = forward(encoder, x, true).toFloatArray();
            double difference = 0;
            for (int i = 0; i < first.length; i++) {
                difference += Math.abs(first[i] - trained[i]);
            }
            assertTrue(difference > 1e-3, "training drops units: " + difference);
        }
    }

    @Test
    void eachProviderBuildsItsOwnRoleOnly() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            assertThrows(IllegalArgumentException.class,
                    () -> encoders.create(NetworkRole.DECODER, params(Map.of()), context));
            assertThrows(IllegalArgumentException.class,
                    () -> decoders.create(NetworkRole.ENCODER, params(Map.of()), context));
            assertThrows(IllegalArgumentException.class,
                    () -> decoders.create(NetworkRole.DISCRIMINATOR, params(Map.of()), context));
        }
    }
}
