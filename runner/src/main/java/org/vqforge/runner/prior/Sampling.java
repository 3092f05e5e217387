package org.vqforge.runner.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.vqforge.api.prior.Generation;
import org.vqforge.api.prior.TokenLayout;
import org.vqforge.runner.model.PriorModel;

/**
 * Draws token sequences from a prior, one position at a time: the prior's next-token logits,
 * classifier-free guidance (Ho and Salimans 2022: {@code uncond + scale * (cond - uncond)}),
 * temperature, top-k, then top-p (nucleus) filtering, then a draw. The draws are made here, in
 * Java, from one seeded generator, so a seed gives the same tokens on every engine and thread count.
 */
public final class Sampling {

    /**
     * @param count sequences to draw
     * @param temperature divides the logits; below 1 sharpens, above 1 flattens
     * @param topK keep the k most likely tokens; 0 for all
     * @param topP keep the smallest set of most likely tokens whose probability reaches p; 1 for all
     * @param label the class of every sequence; -1 to go through the classes in turn (row i gets
     *     class i mod classes), which an unconditional prior ignores
     * @param cfgScale the guidance scale; 1 for none (the conditional logits alone)
     * @param seed seeds the draws
     * @param cached whether to use the prior's cache (a transformer's keys and values)
     * @param batchSize sequences drawn together
     */
    public record Options(int count, double temperature, int topK, double topP, int label, double cfgScale, long seed,
            boolean cached, int batchSize) {

        /** Sequences drawn together unless asked otherwise: their key/value caches stay small. */
        public static final int BATCH = 250;

        /** One of each class in turn, no guidance, the plain distribution, seed 0. */
        public static Options defaults(int count) {
            return new Options(count, 1.0, 0, 1.0, -1, 1.0, 0, true, BATCH);
        }

        /**
         * @throws IllegalArgumentException naming the option and its allowed values
         */
        public Options {
            if (count < 1) {
                throw new IllegalArgumentException("--count: " + count + " (allowed: at least 1)");
            }
            if (!(temperature > 0) || !Double.isFinite(temperature)) {
                throw new IllegalArgumentException("--temperature: " + temperature + " (allowed: above 0)");
            }
            if (topK < 0) {
                throw new IllegalArgumentException("--top-k: " + topK + " (allowed: 0 for all, or at least 1)");
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("--top-p: " + topP + " (allowed: (0, 1])");
            }
            if (!(cfgScale >= 0) || !Double.isFinite(cfgScale)) {
                throw new IllegalArgumentException("--cfg-scale: " + cfgScale + " (allowed: 0 or more; 1 for none)");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size " + batchSize + " (allowed: at least 1)");
            }
        }
    }

    /**
     * Sampled sequences.
     *
     * @param tokens count x length tokens, in the layout's order
     * @param classes each sequence's class ({@code layout.noClass()} for an unconditional prior)
     * @param seconds how long the drawing took
     */
    public record Result(int[] tokens, int[] classes, double seconds) {}

    private Sampling() {}

    /**
     * Draws {@code options.count()} sequences.
     *
     * @throws IllegalArgumentException for a class the prior was not trained with, or guidance
     *     asked of an unconditional prior
     */
    public static Result sample(PriorModel model, Options options) {
        TokenLayout layout = model.layout();
        if (options.label() >= 0 && (!layout.conditional() || options.label() >= layout.classes())) {
            throw new IllegalArgumentException("--class: " + options.label() + " (allowed: " + (layout.conditional()
                    ? "0 to " + (layout.classes() - 1) : "none: the prior is unconditional") + ")");
        }
        if (options.cfgScale() != 1 && !layout.conditional()) {
            throw new IllegalArgumentException("--cfg-scale: " + options.cfgScale()
                    + " (allowed: 1: the prior is unconditional, guidance needs classes)");
        }
        int length = layout.length();
        int[] tokens = new int[options.count() * length];
        int[] classes = new int[options.count()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = !layout.conditional() ? layout.noClass()
                    : options.label() >= 0 ? options.label() : i % layout.classes();
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        long began = System.nanoTime();
        for (int from = 0; from < options.count(); from += options.batchSize()) {
            int n = Math.min(options.batchSize(), options.count() - from);
            sampleBatch(model, options, Arrays.copyOfRange(classes, from, from + n), random, tokens, from * length);
        }
        return new Result(tokens, classes, (System.nanoTime() - began) / 1e9);
    }

    private static void sampleBatch(PriorModel model, Options options, int[] classes, SplittableRandom random,
            int[] out, int offset) {
        TokenLayout layout = model.layout();
        int n = classes.length;
        int length = layout.length();
        int k = layout.codebookSize();
        boolean guided = options.cfgScale() != 1;
        try (NDManager batch = model.manager().newSubManager()) {
            int[] unconditional = new int[n];
            Arrays.fill(unconditional, layout.noClass());
            try (Generation conditional = model.start(batch.create(classes), batch, options.cached());
                    Generation plain = guided ? model.start(batch.create(unconditional), batch, options.cached())
                            : null) {
                NDArray drawn = null;
                for (int s = 0; s < length; s++) {
                    float[] logits = hostCopy(conditional.next(drawn));
                    if (guided) {
                        float[] u = hostCopy(plain.next(drawn));
                        for (int i = 0; i < logits.length; i++) {
                            logits[i] = (float) (u[i] + options.cfgScale() * (logits[i] - u[i]));
                        }
                    }
                    int[] picks = new int[n];
                    for (int b = 0; b < n; b++) {
                        picks[b] = draw(Arrays.copyOfRange(logits, b * k, (b + 1) * k), options, random);
                        out[offset + b * length + s] = picks[b];
                    }
                    if (drawn != null) {
                        drawn.close();
                    }
                    drawn = batch.create(picks);
                }
            }
        }
    }

    /** The values of {@code array}, which is then freed (one per position would pile up otherwise). */
    private static float[] hostCopy(NDArray array) {
        try (array) {
            return array.toFloatArray();
        }
    }

    /**
     * One token from {@code logits}: temperature, then top-k, then top-p, then a draw with
     * {@code random} from what is left (renormalised).
     */
    static int draw(float[] logits, Options options, SplittableRandom random) {
        int k = logits.length;
        double[] p = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / options.temperature());
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(logits[i] / options.temperature() - max);
            sum += p[i];
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
            p[i] /= sum;
        }
        double[] probabilities = p;
        // most likely first; ties by index, so the order is the same everywhere
        Arrays.sort(order, (a, b) -> probabilities[a] != probabilities[b]
                ? Double.compare(probabilities[b], probabilities[a]) : Integer.compare(a, b));
        int keep = options.topK() > 0 ? Math.min(options.topK(), k) : k;
        double cumulative = 0;
        int kept = 0;
        while (kept < keep) {
            cumulative += p[order[kept]];
            kept++;
            if (cumulative >= options.topP()) {
                break;
            }
        }
        double total = 0;
        for (int i = 0; i < kept; i++) {
            total += p[order[i]];
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < kept; i++) {
            u -= p[order[i]];
            if (u < 0) {
                return order[i];
            }
        }
        return order[kept - 1];
    }
}
