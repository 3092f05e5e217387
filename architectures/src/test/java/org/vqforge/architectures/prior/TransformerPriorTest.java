package org.vqforge.architectures.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.prior.Generation;
import org.vqforge.api.prior.Prior;
import org.vqforge.api.prior.TokenLayout;
import org.vqforge.api.testkit.PriorChecks;
import org.vqforge.api.testkit.TestBuildContext;

class TransformerPriorTest {

    /** 2 x 3 positions, 2 planes, 7 codes, 3 classes: sequences of 12 tokens. */
    static final TokenLayout LAYOUT = new TokenLayout(2, 3, 2, 7, 3);
    private static final int[] CLASSES = {0, 2, 3};

    static TransformerSpec small(boolean rotary) {
        return new TransformerSpec(16, 2, 2, 0, 0, rotary);
    }

    static Prior build(TestBuildContext context, TransformerSpec spec, TokenLayout layout) {
        Prior prior = new TransformerPrior(spec, layout);
        prior.initialize(context.manager(), DataType.FLOAT32, new Shape(1, layout.length()));
        return prior;
    }

    @Test
    void logitsDependOnEarlierTokensOnly() {
        for (boolean rotary : new boolean[] {false, true}) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                Prior prior = build(context, small(rotary), LAYOUT);
                int[] tokens = PriorChecks.randomTokens(LAYOUT, CLASSES.length, 1);
                PriorChecks.assertCausal(prior, context.manager(), tokens, CLASSES, true);
            }
        }
    }

    @Test
    void cachedSamplingDrawsTheUncachedTokens() {
        for (boolean rotary : new boolean[] {false, true}) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                Prior prior = build(context, small(rotary), LAYOUT);
                PriorChecks.assertGenerationsAgree(prior, context.manager(), CLASSES, 5, true);
                int[] drawn = PriorChecks.assertGenerationsAgree(prior, context.manager(), CLASSES, 5, false);
                int[] again = PriorChecks.assertGenerationsAgree(prior, context.manager(), CLASSES, 5, false);
                assertTrue(java.util.Arrays.equals(drawn, again), "a seed draws the same tokens");
            }
        }
    }

    @Test
    void classesConditionTheLogitsAndNoClassIsTheLastIndex() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDManager m = context.manager();
            Prior prior = build(context, small(false), LAYOUT);
            int[] tokens = PriorChecks.randomTokens(LAYOUT, 1, 2);
            float[] class0 = PriorChecks.logits(prior, m, tokens, new int[] {0});
            float[] class1 = PriorChecks.logits(prior, m, tokens, new int[] {1});
            float[] none = PriorChecks.logits(prior, m, tokens, new int[] {LAYOUT.noClass()});
            assertTrue(maxDifference(class0, class1) > 1e-3, "the class changes the logits");
            assertTrue(maxDifference(class0, none) > 1e-3, "'no class' differs from class 0");
            assertClose(none, PriorChecks.logits(prior, m, tokens, null), 0, "null classes are 'no class'");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PriorChecks.logits(prior, m, tokens, new int[] {LAYOUT.classes() + 1}));
            assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> PriorChecks.logits(prior, m, new int[] {7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, null));
        }
    }

    @Test
    void classDropoutTrainsOnNoClass() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDManager m = context.manager();
            // the same weights (same seed) with class dropout always and never
            Prior always = build(context, new TransformerSpec(16, 2, 2, 0, 1, false), LAYOUT);
            context.backend().seed(0);
            int[] tokens = PriorChecks.randomTokens(LAYOUT, 2, 3);
            int[] classes = {1, 2};
            float[] none = PriorChecks.logits(always, m, tokens, new int[] {3, 3});
            assertClose(none, trainingLogits(always, m, tokens, classes), 1e-6, "class dropout 1 in training");
            float[] evaluation = PriorChecks.logits(always, m, tokens, classes);
            assertTrue(maxDifference(none, evaluation) > 1e-3, "evaluation keeps the class");
            Prior never = build(context, small(false), LAYOUT);
            assertClose(PriorChecks.logits(never, m, tokens, classes), trainingLogits(never, m, tokens, classes),
                    1e-6, "class dropout 0 (and dropout 0) in training is evaluation");
        }
    }

    private static float[] trainingLogits(Prior prior, NDManager manager, int[] tokens, int[] classes) {
        try (NDManager step = manager.newSubManager()) {
            NDArray t = step.create(tokens, new Shape(classes.length, LAYOUT.length()));
            return prior.logits(new ParameterStore(step, false), t, step.create(classes), true).toFloatArray();
        }
    }

    @Test
    void refusesOtherComputeTypesWithAMessage() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            PriorChecks.assertRefusesParametersOf(DataType.FLOAT64, build(context, small(false), LAYOUT),
                    context.manager(), "compute in float32");
        }
    }

    @Test
    void learnsSequencesThatTheClassDetermines() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior prior = new TransformerPrior(small(false), PriorChecks.CLASS_DETERMINED);
            PriorChecks.assertLearnsSequencesThatTheClassDetermines(context, prior, 60, 0.3f, 0.05);
        }
    }

    @Test
    void parametersSaveAndLoad() throws Exception {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior trained = build(context, small(true), LAYOUT);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            trained.saveParameters(new DataOutputStream(bytes));
            context.backend().seed(99);
            Prior fresh = build(context, small(true), LAYOUT);
            int[] tokens = PriorChecks.randomTokens(LAYOUT, 2, 4);
            int[] classes = {0, 1};
            float[] expected = PriorChecks.logits(trained, context.manager(), tokens, classes);
            assertTrue(maxDifference(expected, PriorChecks.logits(fresh, context.manager(), tokens, classes)) > 1e-3,
                    "another seed gives other weights");
            fresh.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            assertClose(expected, PriorChecks.logits(fresh, context.manager(), tokens, classes), 0, "loaded prior");
        }
    }

    @Test
    void trainsThroughAutogradAndFreesItsArrays() {
        for (boolean rotary : new boolean[] {false, true}) {
            try (TestBuildContext context = TestBuildContext.fashionMnist()) {
                Prior prior = new TransformerPrior(new TransformerSpec(16, 2, 2, 0.1, 0.5, rotary), LAYOUT);
                PriorChecks.assertTrainsAndLeavesNothingBehind(context, prior,
                        PriorChecks.randomTokens(LAYOUT, 4, 6), new int[] {0, 1, 2, 3});
            }
        }
    }

    @Test
    void unconditionalSinglePlanePriorSamples() {
        TokenLayout plain = new TokenLayout(3, 3, 1, 5, 0);
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior prior = build(context, small(true), plain);
            PriorChecks.assertCausal(prior, context.manager(), PriorChecks.randomTokens(plain, 2, 7), null, true);
            PriorChecks.assertGenerationsAgree(prior, context.manager(), new int[] {0, 0}, 8, false);
        }
    }

    @Test
    void generationsRejectMisuse() {
        TokenLayout two = new TokenLayout(1, 2, 1, 5, 0);
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Prior prior = build(context, small(false), two);
            NDManager m = context.manager();
            ParameterStore store = new ParameterStore(m, false);
            assertThrows(IllegalArgumentException.class, () -> prior.start(store, m.zeros(new Shape(2, 1)), m));
            for (boolean cache : new boolean[] {true, false}) {
                NDArray classes = m.zeros(new Shape(2), DataType.INT32);
                try (Generation g = cache ? prior.start(store, classes, m)
                        : prior.startUncached(store, classes, m)) {
                    assertThrows(IllegalStateException.class, () -> g.next(classes));
                    g.next(null);
                    assertThrows(IllegalStateException.class, () -> g.next(null));
                    assertThrows(IllegalArgumentException.class, () -> g.next(m.zeros(new Shape(3), DataType.INT32)));
                    g.next(classes);
                    assertEquals(2, g.position());
                    assertThrows(IllegalStateException.class, () -> g.next(classes));
                }
            }
        }
    }

    @Test
    void providerChecksHeadsAgainstDim() {
        TransformerPriorProvider provider = new TransformerPriorProvider();
        Parameters defaults = provider.schema().defaults();
        assertEquals(Map.of("dim", 256, "layers", 4, "heads", 8, "dropout", 0.1, "classDropout", 0.1,
                "positions", "learned"), defaults.asMap());
        assertTrue(provider.check(defaults, TestBuildContext.FASHION_MNIST).isEmpty());
        List<ConfigProblem> problems = provider.check(provider.schema().with(Map.of("dim", 20, "heads", 8)),
                TestBuildContext.FASHION_MNIST);
        assertEquals(List.of(new ConfigProblem("heads", "8 heads do not divide dim 20")), problems);
        problems = provider.check(provider.schema().with(Map.of("dim", 24, "heads", 8, "positions", "rotary")),
                TestBuildContext.FASHION_MNIST);
        assertEquals("positions", problems.get(0).key());
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            assertThrows(IllegalArgumentException.class, () -> provider.create(
                    provider.schema().with(Map.of("dim", 20)), LAYOUT, context));
            Prior prior = provider.create(provider.schema().with(Map.of("dim", 16, "heads", 2, "layers", 1)),
                    LAYOUT, context);
            assertEquals(LAYOUT, prior.layout());
        }
    }

    static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
