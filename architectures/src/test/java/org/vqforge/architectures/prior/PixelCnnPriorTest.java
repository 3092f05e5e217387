package org.vqforge.architectures.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.architectures.prior.TransformerPriorTest.maxDifference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.prior.Prior;
import org.vqforge.api.prior.TokenLayout;
import org.vqforge.api.testkit.PriorChecks;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class PixelCnnPriorTest {

    /** 4 x 4 positions, one plane, 5 codes, 2 classes. */
    private static final TokenLayout GRID = new TokenLayout(4, 4, 1, 5, 2);
    /** 3 x 3 positions, 2 planes (residual levels), 5 codes, 2 classes. */
    private static final TokenLayout PLANES = new TokenLayout(3, 3, 2, 5, 2);
    /** 4 layers of width 3 see every earlier position of these grids. */
    private static final PixelCnnSpec SMALL = new PixelCnnSpec(8, 4, 3, 0);
    private static final int[] CLASSES = {0, 1, 2};

    private static Prior build(TestBuildContext context, PixelCnnSpec spec, TokenLayout layout) {
        Prior prior = new PixelCnnPrior(spec, layout);
        prior.initialize(context.manager(), DataType.FLOAT32, new Shape(1, layout.length()));
        return prior;
    }

    @Test
    void masksKeepTheRowsAboveOrThePositionsToTheLeft() {
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0, 0}, MaskedConv2d.mask(MaskedConv2d.Kind.VERTICAL, 3));
        assertArrayEquals(new float[] {1, 0, 0}, MaskedConv2d.mask(MaskedConv2d.Kind.HORIZONTAL_A, 3));
        assertArrayEquals(new float[] {1, 1, 0}, MaskedConv2d.mask(MaskedConv2d.Kind.HORIZONTAL_B, 3));
        assertArrayEquals(new float[] {
            1, 1, 1, 1, 1,
            1, 1, 1, 1, 1,
            1, 1, 1, 1, 1,
            0, 0, 0, 0, 0,
            0, 0, 0, 0, 0}, MaskedConv2d.mask(MaskedConv2d.Kind.VERTICAL, 5));
        assertArrayEquals(new float[] {1, 1, 0, 0, 0}, MaskedConv2d.mask(MaskedConv2d.Kind.HORIZONTAL_A, 5));
        assertArrayEquals(new float[] {1, 1, 1, 0, 0}, MaskedConv2d.mask(MaskedConv2d.Kind.HORIZONTAL_B, 5));
    }

    @Test
    void maskedConvolutionsComputeWithTheKeptWeightsOnly() {
        // one channel, x = 1..12 over 3 rows x 4 columns, weights w = 1, 2, 3 (per row of the kernel)
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            MaskedConv2d a = new MaskedConv2d(MaskedConv2d.Kind.HORIZONTAL_A, 1, 1, 3);
            setWeights(a, new float[] {1, 2, 3}, 0.5f);
            a.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, 3, 4));
            // A: 0.5 + 1 * left neighbour
            assertClose(new float[] {0.5f, 1.5f, 2.5f, 3.5f, 0.5f, 5.5f, 6.5f, 7.5f, 0.5f, 9.5f, 10.5f, 11.5f},
                    forward(context, a, x), 0, "mask A");
            MaskedConv2d b = new MaskedConv2d(MaskedConv2d.Kind.HORIZONTAL_B, 1, 1, 3);
            setWeights(b, new float[] {1, 2, 3}, 0);
            b.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, 3, 4));
            // B: left + 2 * centre
            assertClose(new float[] {2, 5, 8, 11, 10, 17, 20, 23, 18, 29, 32, 35}, forward(context, b, x), 0, "mask B");
            MaskedConv2d v = new MaskedConv2d(MaskedConv2d.Kind.VERTICAL, 1, 1, 3);
            setWeights(v, new float[] {0, 1, 0, 0, 10, 0, 5, 5, 5}, 0);
            v.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, 3, 4));
            // vertical: the row above + 10 * the centre; the bottom row of the kernel is masked
            assertClose(new float[] {10, 20, 30, 40, 51, 62, 73, 84, 95, 106, 117, 128}, forward(context, v, x), 0,
                    "vertical mask");
        }
    }

    private static void setWeights(MaskedConv2d conv, float[] weight, float bias) {
        List<Parameter> params = conv.getParameters().values();
        params.get(0).setInitializer(Tensors.fixed(weight));
        params.get(1).setInitializer(Tensors.fixed(bias));
    }

    private static float[] forward(TestBuildContext context, MaskedConv2d conv, float[] x) {
        NDArray input = context.manager().create(x, new Shape(1, 1, 3, 4));
        return conv.forward(new ParameterStore(context.manager(), false), new NDList(input), false)
                .singletonOrThrow().toFloatArray();
    }

    @Test
    void everyEarlierTokenAndNoLaterOneReachesAPosition() {
        for (TokenLayout layout : new TokenLayout[] {GRID, PLANES}) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                Prior prior = build(context, SMALL, layout);
                PriorChecks.assertCausal(prior, context.manager(), PriorChecks.randomTokens(layout, 3, 1), CLASSES,
                        true);
            }
        }
    }

    @Test
    void aShallowStackSeesOnlyItsReceptiveField() {
        // one layer of width 3: position (2, 0) sees (1, 0) and (1, 1) through the shifted vertical
        // stack but not (0, 0), two rows up; so the check must fail there
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior prior = build(context, new PixelCnnSpec(8, 1, 3, 0), GRID);
            AssertionError e = assertThrows(AssertionError.class, () -> PriorChecks.assertCausal(prior,
                    context.manager(), PriorChecks.randomTokens(GRID, 3, 1), CLASSES, true));
            assertTrue(e.getMessage().contains("does not reach"), e.getMessage());
        }
    }

    @Test
    void samplingMatchesTeacherForcing() {
        for (TokenLayout layout : new TokenLayout[] {GRID, PLANES}) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                Prior prior = build(context, SMALL, layout);
                PriorChecks.assertGenerationsAgree(prior, context.manager(), CLASSES, 3, false);
                PriorChecks.assertGenerationsAgree(prior, context.manager(), CLASSES, 3, true);
            }
        }
    }

    @Test
    void classesBiasTheLogits() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior prior = build(context, SMALL, GRID);
            int[] tokens = PriorChecks.randomTokens(GRID, 1, 2);
            float[] class0 = PriorChecks.logits(prior, context.manager(), tokens, new int[] {0});
            float[] class1 = PriorChecks.logits(prior, context.manager(), tokens, new int[] {1});
            float[] none = PriorChecks.logits(prior, context.manager(), tokens, new int[] {2});
            assertTrue(maxDifference(class0, class1) > 1e-4, "the class changes the logits");
            assertTrue(maxDifference(class0, none) > 1e-4, "'no class' differs from class 0");
            assertClose(none, PriorChecks.logits(prior, context.manager(), tokens, null), 0, "null is 'no class'");
            assertThrows(IllegalArgumentException.class,
                    () -> PriorChecks.logits(prior, context.manager(), tokens, new int[] {3}));
        }
    }

    @Test
    void refusesOtherComputeTypesWithAMessage() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            PriorChecks.assertRefusesParametersOf(DataType.FLOAT64, build(context, SMALL, GRID), context.manager(),
                    "compute in float32");
        }
    }

    @Test
    void learnsSequencesThatTheClassDetermines() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior prior = new PixelCnnPrior(new PixelCnnSpec(16, 2, 3, 0), PriorChecks.CLASS_DETERMINED);
            PriorChecks.assertLearnsSequencesThatTheClassDetermines(context, prior, 150, 0.5f, 0.3);
        }
    }

    @Test
    void parametersSaveAndLoad() throws Exception {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior trained = build(context, SMALL, PLANES);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            trained.saveParameters(new DataOutputStream(bytes));
            context.backend().seed(99);
            Prior fresh = build(context, SMALL, PLANES);
            int[] tokens = PriorChecks.randomTokens(PLANES, 2, 4);
            float[] expected = PriorChecks.logits(trained, context.manager(), tokens, new int[] {0, 1});
            assertTrue(maxDifference(expected, PriorChecks.logits(fresh, context.manager(), tokens,
                    new int[] {0, 1})) > 1e-4, "another seed gives other weights");
            fresh.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertClose(expected, PriorChecks.logits(fresh, context.manager(), tokens, new int[] {0, 1}), 0,
                    "loaded prior");
        }
    }

    @Test
    void trainsThroughAutogradAndFreesItsArrays() {
        for (TokenLayout layout : new TokenLayout[] {GRID, PLANES}) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                PriorChecks.assertTrainsAndLeavesNothingBehind(context,
                        new PixelCnnPrior(new PixelCnnSpec(8, 2, 3, 0.5), layout),
                        PriorChecks.randomTokens(layout, 4, 6), new int[] {0, 1, 2, 1});
            }
        }
    }

    @Test
    void providerRejectsAnEvenKernel() {
        PixelCnnPriorProvider provider = new PixelCnnPriorProvider();
        assertEquals(Map.of("channels", 128, "layers", 8, "kernel", 3, "classDropout", 0.1),
                provider.schema().defaults().asMap());
        assertEquals(List.of(new ConfigProblem("kernel", "4 is even; masked convolutions need an odd width")),
                provider.check(provider.schema().with(Map.of("kernel", 4)), TestBuildContext.FASHION_MNIST));
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior prior = provider.create(provider.schema().with(Map.of("channels", 4, "layers", 1)), GRID, context);
            assertEquals(GRID, prior.layout());
        }
    }
}
