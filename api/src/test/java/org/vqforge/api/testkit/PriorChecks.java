package org.vqforge.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Random;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.prior.Generation;
import org.vqforge.api.prior.Prior;
import org.vqforge.api.prior.TokenLayout;

/**
 * Checks every prior plugin should pass, whatever its network: causality, generation against the
 * teacher-forced logits (and a cached generation against the uncached one), gradients reaching
 * every parameter, and nothing left on the parameter manager. Priors must be initialised.
 */
public final class PriorChecks {

    /** Float rounding allowed between computations that should agree. */
    public static final double TOLERANCE = 1e-4;

    /**
     * A change of a logit above this is a dependence, at or below it rounding (convolution
     * algorithms such as Winograd's mix masked inputs in at the level of float rounding).
     */
    public static final double DEPENDENCE = 1e-6;

    private PriorChecks() {}

    /** {@code batch} random sequences of {@code layout}, row-major (B, L). */
    public static int[] randomTokens(TokenLayout layout, int batch, long seed) {
        Random random = new Random(seed);
        int[] tokens = new int[batch * layout.length()];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = random.nextInt(layout.codebookSize());
        }
        return tokens;
    }

    /** Evaluation logits (B, L, K) as floats for {@code tokens} (B, L) and {@code classes} (B) or null. */
    public static float[] logits(Prior prior, NDManager manager, int[] tokens, int[] classes) {
        int length = prior.layout().length();
        try (NDManager step = manager.newSubManager()) {
            NDArray t = step.create(tokens, new Shape(tokens.length / length, length));
            NDArray c = classes == null ? null : step.create(classes);
            return prior.logits(new ParameterStore(step, false), t, c, false).toType(DataType.FLOAT32, false)
                    .toFloatArray();
        }
    }

    /**
     * Changes token t in every row, for each t, and fails if the logits of any position up to t
     * change (they may only depend on earlier tokens). With {@code fullReceptiveField} it also
     * fails unless the logits of every later position change, so the check sees a dependence when
     * there is one (and a convolutional prior with a blind spot fails).
     */
    public static void assertCausal(Prior prior, NDManager manager, int[] tokens, int[] classes,
            boolean fullReceptiveField) {
        TokenLayout layout = prior.layout();
        int length = layout.length();
        int batch = tokens.length / length;
        int k = layout.codebookSize();
        float[] base = logits(prior, manager, tokens, classes);
        for (int t = 0; t < length; t++) {
            int[] changed = tokens.clone();
            for (int b = 0; b < batch; b++) {
                changed[b * length + t] = (changed[b * length + t] + 1 + b) % k;
            }
            float[] after = logits(prior, manager, changed, classes);
            double[] change = new double[length];
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < length; s++) {
                    for (int c = 0; c < k; c++) {
                        int i = (b * length + s) * k + c;
                        double d = Math.abs(after[i] - base[i]);
                        if (s <= t && d > DEPENDENCE) {
                            fail("changing token " + t + " changed the logits at position " + s + " (row " + b
                                    + ", code " + c + ") by " + d);
                        }
                        change[s] = Math.max(change[s], d);
                    }
                }
            }
            for (int s = t + 1; fullReceptiveField && s < length; s++) {
                assertTrue(change[s] > DEPENDENCE,
                        "changing token " + t + " does not reach position " + s + " (change " + change[s] + ")");
            }
        }
    }

    /**
     * Samples one sequence per class with {@link Prior#start} and with {@link Prior#startUncached}
     * under the same seed (greedy when {@code greedy}, else multinomial from a seeded Java
     * generator) and fails unless both draw the same tokens with logits equal up to {@link
     * #TOLERANCE} at every step, and those logits equal the teacher-forced logits of the drawn
     * sequences.
     *
     * @return the drawn tokens (B, L)
     */
    public static int[] assertGenerationsAgree(Prior prior, NDManager manager, int[] classes, long seed,
            boolean greedy) {
        TokenLayout layout = prior.layout();
        float[][] cachedLogits = new float[layout.length()][];
        float[][] uncachedLogits = new float[layout.length()][];
        int[] cached = generate(prior, manager, classes, seed, greedy, true, cachedLogits);
        int[] uncached = generate(prior, manager, classes, seed, greedy, false, uncachedLogits);
        assertArrayEquals(uncached, cached, "cached and uncached generations drew different tokens");
        float[] teacherForced = logits(prior, manager, cached, classes);
        for (int s = 0; s < layout.length(); s++) {
            Tensors.assertClose(uncachedLogits[s], cachedLogits[s], TOLERANCE, "logits at step " + s);
            Tensors.assertClose(position(teacherForced, layout, classes.length, s), cachedLogits[s], TOLERANCE,
                    "step " + s + " against teacher forcing");
        }
        return cached;
    }

    private static int[] generate(Prior prior, NDManager manager, int[] classes, long seed, boolean greedy,
            boolean cache, float[][] logitsPerStep) {
        TokenLayout layout = prior.layout();
        int batch = classes.length;
        int length = layout.length();
        int k = layout.codebookSize();
        Random random = new Random(seed);
        int[] tokens = new int[batch * length];
        try (NDManager run = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(run, false);
            NDArray c = run.create(classes);
            try (Generation g = cache ? prior.start(store, c, run) : prior.startUncached(store, c, run)) {
                NDArray drawn = null;
                for (int s = 0; s < length; s++) {
                    assertEquals(s, g.position());
                    NDArray logits = g.next(drawn);
                    assertArrayEquals(new long[] {batch, k}, logits.getShape().getShape());
                    float[] values = logits.toFloatArray();
                    logitsPerStep[s] = values;
                    int[] next = new int[batch];
                    for (int b = 0; b < batch; b++) {
                        next[b] = greedy ? argMax(values, b * k, k) : draw(values, b * k, k, random);
                        tokens[b * length + s] = next[b];
                    }
                    drawn = run.create(next);
                }
            }
        }
        return tokens;
    }

    private static int argMax(float[] values, int from, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
            if (values[from + i] > values[from + best]) {
                best = i;
            }
        }
        return best;
    }

    private static int draw(float[] logits, int from, int count, Random random) {
        double max = logits[from + argMax(logits, from, count)];
        double[] p = new double[count];
        double total = 0;
        for (int i = 0; i < count; i++) {
            p[i] = Math.exp(logits[from + i] - max);
            total += p[i];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < count; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return count - 1;
    }

    /**
     * Initialises {@code prior} on a fresh parameter manager, runs one training step (the block's
     * forward with classes, cross-entropy, backward) and a cached and an uncached generation of a
     * few tokens, and fails unless every parameter received a non-zero gradient and no array is
     * left on the parameter manager.
     */
    public static void assertTrainsAndLeavesNothingBehind(BuildContext context, Prior prior, int[] tokens,
            int[] classes) {
        TokenLayout layout = prior.layout();
        int length = layout.length();
        NDManager parameters = context.manager().newSubManager();
        prior.initialize(parameters, DataType.FLOAT32, new Shape(1, length));
        ParameterStore store = new ParameterStore(parameters, false);
        int before = parameters.getManagedArrays().size();
        try (NDManager step = context.manager().newSubManager()) {
            NDArray t = step.create(tokens, new Shape(tokens.length / length, length));
            NDList inputs = classes == null ? new NDList(t) : new NDList(t, step.create(classes));
            try (GradientCollector collector = context.backend().newGradientCollector()) {
                NDArray logits = prior.forward(store, inputs, true).singletonOrThrow();
                NDArray nll = logits.logSoftmax(-1).mul(t.oneHot(layout.codebookSize())).sum().neg();
                collector.backward(nll);
            }
            for (Pair<String, Parameter> p : prior.getParameters()) {
                // (arrays computed from a gradient land on the parameter manager: closed here)
                try (NDArray gradient = p.getValue().getArray().getGradient();
                        NDArray magnitude = gradient.abs();
                        NDArray total = magnitude.sum()) {
                    assertTrue(total.getFloat() > 0, "no gradient reaches " + p.getKey());
                }
            }
        }
        assertEquals(before, parameters.getManagedArrays().size(), "arrays left on the parameter manager by training");
        int[] rows = classes == null ? new int[] {layout.noClass()} : classes;
        for (boolean cache : new boolean[] {true, false}) {
            try (NDManager run = context.manager().newSubManager()) {
                NDArray c = run.create(rows);
                ParameterStore s = new ParameterStore(parameters, false);
                try (Generation g = cache ? prior.start(s, c, run) : prior.startUncached(s, c, run)) {
                    NDArray drawn = null;
                    int settled = 0;
                    for (int i = 0; i < Math.min(4, length); i++) {
                        NDArray logits = g.next(drawn);
                        NDArray next = logits.argMax(1);
                        logits.close();
                        if (drawn != null) {
                            drawn.close();
                        }
                        drawn = next;
                        // after the first step (which fills a cache) each step leaves only its tokens behind
                        if (i == 1) {
                            settled = run.getManagedArrays().size();
                        } else if (i > 1) {
                            assertEquals(settled, run.getManagedArrays().size(),
                                    "arrays left on the caller's manager by step " + i + " of a "
                                            + (cache ? "cached" : "uncached") + " generation");
                        }
                    }
                }
            }
            assertEquals(before, parameters.getManagedArrays().size(),
                    "arrays left on the parameter manager by a " + (cache ? "cached" : "uncached") + " generation");
        }
    }

    /**
     * Runs the prior with a parameter store that hands out {@code type} (e.g. float64) and fails
     * unless it refuses with an {@link IllegalStateException} whose message contains {@code
     * message}; for priors that compute in float32 only.
     */
    public static void assertRefusesParametersOf(DataType type, Prior prior, NDManager manager, String message) {
        int length = prior.layout().length();
        try (NDManager step = manager.newSubManager()) {
            ParameterStore cast = new ParameterStore(step, false) {
                @Override
                public NDArray getValue(Parameter parameter, ai.djl.Device device, boolean training) {
                    NDArray value = super.getValue(parameter, device, training).toType(type, true);
                    value.attach(step);
                    return value;
                }
            };
            NDArray tokens = step.zeros(new Shape(1, length), DataType.INT32);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> prior.logits(cast, tokens, null, false));
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    /** 2 x 2 positions, 4 codes, 2 classes: the layout of {@link #assertLearnsSequencesThatTheClassDetermines}. */
    public static final TokenLayout CLASS_DETERMINED = new TokenLayout(2, 2, 1, 4, 2);

    /**
     * Trains {@code prior} (uninitialised, for {@link #CLASS_DETERMINED}) by {@link #descend} on
     * two sequences, 0 1 2 3 for class 0 and 3 2 1 0 for class 1, whose first token only the
     * class tells, and fails unless the cross-entropy per token starts above 1 nat and ends below
     * {@code bound}.
     */
    public static void assertLearnsSequencesThatTheClassDetermines(BuildContext context, Prior prior, int steps,
            float rate, double bound) {
        prior.initialize(context.manager(), DataType.FLOAT32, new Shape(1, CLASS_DETERMINED.length()));
        double[] nll = descend(context, prior, new int[] {0, 1, 2, 3, 3, 2, 1, 0}, new int[] {0, 1}, steps, rate);
        assertTrue(nll[0] > 1 && nll[1] < bound, "cross-entropy per token from " + nll[0] + " to " + nll[1]);
    }

    /**
     * Trains an initialised prior on {@code tokens} by plain gradient descent on the mean
     * cross-entropy per token (nats) and returns it before the first and after the last step, so
     * a test can see the whole path (block forward, autograd, every parameter) learn.
     */
    public static double[] descend(BuildContext context, Prior prior, int[] tokens, int[] classes, int steps,
            float rate) {
        TokenLayout layout = prior.layout();
        int length = layout.length();
        ParameterStore store = new ParameterStore(context.manager(), false);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int i = 0; i <= steps; i++) {
            try (NDManager step = context.manager().newSubManager()) {
                NDArray t = step.create(tokens, new Shape(tokens.length / length, length));
                try (GradientCollector collector = context.backend().newGradientCollector()) {
                    NDArray logits = prior.forward(store, new NDList(t, step.create(classes)), true).singletonOrThrow();
                    NDArray nll = logits.logSoftmax(-1).mul(t.oneHot(layout.codebookSize())).sum().neg()
                            .div(tokens.length);
                    last = nll.getFloat();
                    if (i == steps) {
                        break;
                    }
                    collector.backward(nll);
                }
                first = i == 0 ? last : first;
                for (Pair<String, Parameter> p : prior.getParameters()) {
                    NDArray value = p.getValue().getArray();
                    try (NDArray gradient = value.getGradient(); NDArray update = gradient.mul(rate)) {
                        value.subi(update);
                        gradient.muli(0);
                    }
                }
            }
        }
        return new double[] {first, last};
    }

    /** The logits of one position (B, K) out of (B, L, K) floats. */
    public static float[] position(float[] logits, TokenLayout layout, int batch, int s) {
        int k = layout.codebookSize();
        float[] out = new float[batch * k];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(logits, (b * layout.length() + s) * k, out, b * k, k);
        }
        return out;
    }
}
