package org.vqforge.runner.prior;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.model.PriorModel;

/**
 * How well a prior predicts the test split's tokens: the negative log-likelihood in bits per token
 * (teacher-forced, classes given, no dropout), beside the unigram entropy of the training tokens,
 * which is what a prior that ignores every context would reach.
 *
 * @param testBitsPerToken the test NLL
 * @param unigramBitsPerToken the training tokens' unigram entropy
 * @param testSequences how many test sequences were scored
 */
public record PriorEvaluation(double testBitsPerToken, double unigramBitsPerToken, int testSequences) {

    /** Scores {@code data}'s test split, {@code batchSize} sequences at a time. */
    public static PriorEvaluation of(PriorModel model, PriorData data, int batchSize) {
        TokenSequences test = data.test();
        double nats = 0;
        for (int from = 0; from < test.count(); from += batchSize) {
            int n = Math.min(batchSize, test.count() - from);
            try (NDManager batch = model.manager().newSubManager()) {
                int[] picks = TokenSequences.range(from, n);
                var tokens = test.tokens(picks, batch);
                nats += CrossEntropy.meanNats(model.logits(tokens, test.classes(picks, batch), false), tokens)
                        .getFloat() * (double) n;
            }
        }
        return new PriorEvaluation(CrossEntropy.bits(nats / test.count()),
                data.train().unigramEntropyBits(data.layout().codebookSize()), test.count());
    }

    /** How far below the unigram entropy the test NLL is: 0.3 is 30% below. */
    public double belowUnigram() {
        return 1 - testBitsPerToken / unigramBitsPerToken;
    }

    /** Writes the figures as JSON (snake_case keys, as the tokenizer's eval.json). */
    public void write(Path file) throws IOException {
        write(file, json());
    }

    /** The figures, snake_case keys. */
    public JsonObject json() {
        JsonObject o = new JsonObject();
        o.addProperty("test_bits_per_token", testBitsPerToken);
        o.addProperty("unigram_bits_per_token", unigramBitsPerToken);
        o.addProperty("below_unigram", belowUnigram());
        o.addProperty("test_sequences", testSequences);
        return o;
    }

    /** Writes {@code json} to {@code file}, whole or not at all. */
    public static void write(Path file, JsonObject json) throws IOException {
        AtomicFiles.write(file, (new GsonBuilder().setPrettyPrinting().create().toJson(json) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** One line for the console. */
    public String text() {
        return String.format(Locale.ROOT, "test sequences %d: NLL %.4f bits/token, unigram entropy %.4f bits/token "
                + "(%.1f%% below)", testSequences, testBitsPerToken, unigramBitsPerToken, 100 * belowUnigram());
    }
}
