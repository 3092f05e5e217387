package org.vqforge.architectures.convresnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class ConvResNetTest {

    private final ConvResNetProvider provider = new ConvResNetProvider();
    private TestBuildContext context;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private Block build(NetworkRole role, Shape input) {
        Block block = provider.create(role, provider.schema().defaults(), context);
        block.initialize(context.manager(), DataType.FLOAT32, input);
        return block;
    }

    private static long conv(int in, int out, int k) {
        return (long) in * out * k * k + out;
    }

    private static long countParameters(Block block) {
        long n = 0;
        for (Parameter p : block.getParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    @Test
    void mapsImagesToLatentsAndBack() {
        Block encoder = build(NetworkRole.ENCODER, new Shape(2, 1, 28, 28));
        Block decoder = build(NetworkRole.DECODER, new Shape(2, 64, 7, 7));
        ParameterStore store = new ParameterStore(context.manager(), false);
        NDArray images = context.manager().randomUniform(0, 1, new Shape(2, 1, 28, 28));
        NDArray latents = encoder.forward(store, new NDList(images), false).singletonOrThrow();
        assertShape(latents, 2, 64, 7, 7);
        NDArray reconstruction = decoder.forward(store, new NDList(latents), false).singletonOrThrow();
        assertShape(reconstruction, 2, 1, 28, 28);
        assertEquals(new Shape(2, 64, 7, 7), encoder.getOutputShapes(new Shape[] {new Shape(2, 1, 28, 28)})[0]);
        assertEquals(new Shape(2, 1, 28, 28), decoder.getOutputShapes(new Shape[] {new Shape(2, 64, 7, 7)})[0]);
    }

    @Test
    void parameterCountsEqualThePyTorchReference() {
        long res = conv(128, 32, 3) + conv(32, 128, 1);
        long encoder = conv(1, 64, 4) + conv(64, 128, 4) + 2 * res + conv(128, 64, 1);
        long decoder = conv(64, 128, 3) + 2 * res + conv(128, 64, 3) + conv(64, 1, 3);
        assertEquals(222_784, encoder);
        assertEquals(230_465, decoder);
        assertEquals(encoder, countParameters(build(NetworkRole.ENCODER, new Shape(1, 1, 28, 28))));
        assertEquals(decoder, countParameters(build(NetworkRole.DECODER, new Shape(1, 64, 7, 7))));
    }

    @Test
    void threeLevelsHalveTheChannelsTowardsTheImage() {
        TestBuildContext rgb = new TestBuildContext(new ModelShapes(3, 32, 32, 16), 0);
        try (rgb) {
            var params = provider.schema().with(Map.of("channels", 64, "downsamplings", 3, "resBlocks", 1, "resHidden", 8));
            Block encoder = provider.create(NetworkRole.ENCODER, params, rgb);
            Block decoder = provider.create(NetworkRole.DECODER, params, rgb);
            encoder.initialize(rgb.manager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            decoder.initialize(rgb.manager(), DataType.FLOAT32, new Shape(1, 16, 4, 4));
            assertEquals(List.of(new Shape(16, 3, 4, 4), new Shape(32, 16, 4, 4), new Shape(64, 32, 4, 4),
                    new Shape(8, 64, 3, 3), new Shape(64, 8, 1, 1), new Shape(16, 64, 1, 1)), weightShapes(encoder));
            assertEquals(List.of(new Shape(64, 16, 3, 3), new Shape(8, 64, 3, 3), new Shape(64, 8, 1, 1),
                    new Shape(32, 64, 3, 3), new Shape(16, 32, 3, 3), new Shape(3, 16, 3, 3)), weightShapes(decoder));
            assertEquals(new Shape(1, 3, 32, 32), decoder.getOutputShapes(new Shape[] {new Shape(1, 16, 4, 4)})[0]);
        }
    }

    private static List<Shape> weightShapes(Block block) {
        List<Shape> shapes = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            if (p.getName().equals("weight")) {
                shapes.add(p.getArray().getShape());
            }
        }
        return shapes;
    }

    @Test
    void decodersLastWeightIsTheOutputConvolution() {
        List<Shape> weights = weightShapes(build(NetworkRole.DECODER, new Shape(1, 64, 7, 7)));
        assertEquals(new Shape(1, 64, 3, 3), weights.get(weights.size() - 1));
    }

    @Test
    void decoderEndsWithoutAnActivation() {
        // a ReLU at the end would make every output >= 0; a linear output conv gives both signs
        Block decoder = build(NetworkRole.DECODER, new Shape(4, 64, 7, 7));
        NDArray latents = context.manager().randomNormal(new Shape(4, 64, 7, 7));
        NDArray out = decoder.forward(new ParameterStore(context.manager(), false), new NDList(latents), false)
                .singletonOrThrow();
        assertTrue(out.min().getFloat() < 0 && out.max().getFloat() > 0, "outputs of both signs");
    }

    @Test
    void everyConvolutionStartsUniformInPlusMinusOneOverSqrtFanIn() {
        for (NetworkRole role : List.of(NetworkRole.ENCODER, NetworkRole.DECODER)) {
            Block block = build(role, role == NetworkRole.ENCODER ? new Shape(1, 1, 28, 28) : new Shape(1, 64, 7, 7));
            float bound = 0;
            int convs = 0;
            for (Pair<String, Parameter> pair : block.getParameters()) {
                NDArray array = pair.getValue().getArray();
                if (pair.getValue().getName().equals("weight")) {
                    Shape s = array.getShape();
                    bound = (float) (1 / Math.sqrt(s.get(1) * s.get(2) * s.get(3)));
                    convs++;
                }
                float max = array.abs().max().getFloat();
                String what = role + " " + pair.getKey() + ": max |v| " + max + ", bound " + bound;
                assertTrue(max <= bound, what);
                if (array.size() >= 64) {
                    assertTrue(max > 0.8f * bound, what + " (spread over the range)");
                }
            }
            // 2 resampling + 4 residual + 1 in or out
            assertEquals(7, convs, role + " convolutions");
        }
    }

    @Test
    void residualBlockMatchesAHandComputedCase() {
        Block res = ConvResNet.residual(1, 1);
        List<Parameter> params = res.getParameters().values();
        // 3x3 kernel: centre 1, right neighbour 0.5; bias -1. 1x1 conv: weight 2, bias 0.1.
        params.get(0).setInitializer(Tensors.fixed(0, 0, 0, 0, 1, 0.5f, 0, 0, 0));
        params.get(1).setInitializer(Tensors.fixed(-1));
        params.get(2).setInitializer(Tensors.fixed(2));
        params.get(3).setInitializer(Tensors.fixed(0.1f));
        res.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, 3, 3));
        NDArray x = context.manager().create(new float[] {1, -2, 3, -1, 2, 0, 0.5f, -3, 1}, new Shape(1, 1, 3, 3));
        NDArray out = res.forward(new ParameterStore(context.manager(), false), new NDList(x), false)
                .singletonOrThrow();
        // relu(x) = [1 0 3; 0 2 0; .5 0 1]; a = r + .5 r(right) - 1 = [0 .5 2; 0 1 -1; -.5 -.5 0]
        // out = x + 2 relu(a) + 0.1
        assertClose(new float[] {1.1f, -0.9f, 7.1f, -0.9f, 4.1f, 0.1f, 0.6f, -2.9f, 1.1f}, out, 1e-6, "Res(1)");
    }

    @Test
    void checkRejectsImagesAndChannelsThatDoNotHalveEvenly() {
        var defaults = provider.schema().defaults();
        assertEquals(List.of(), provider.check(defaults, new ModelShapes(1, 28, 28, 64)));
        var problems = provider.check(defaults, new ModelShapes(1, 30, 30, 64));
        assertEquals(List.of("downsamplings"), problems.stream().map(p -> p.key()).toList());
        assertTrue(problems.get(0).message().contains("30x30"), problems.toString());
        assertEquals(List.of("downsamplings"),
                provider.check(defaults, new ModelShapes(1, 28, 30, 64)).stream().map(p -> p.key()).toList());
        var odd = provider.schema().with(Map.of("channels", 6, "downsamplings", 3));
        assertEquals(List.of("channels"),
                provider.check(odd, new ModelShapes(1, 32, 32, 8)).stream().map(p -> p.key()).toList());
        TestBuildContext small = new TestBuildContext(new ModelShapes(1, 30, 30, 64), 0);
        try (small) {
            assertThrows(IllegalArgumentException.class,
                    () -> provider.create(NetworkRole.ENCODER, defaults, small));
        }
    }

    @Test
    void servesEncoderAndDecoderOnly() {
        assertEquals(Set.of(NetworkRole.ENCODER, NetworkRole.DECODER), provider.roles());
        assertThrows(IllegalArgumentException.class,
                () -> provider.create(NetworkRole.DISCRIMINATOR, provider.schema().defaults(), context));
    }
}
