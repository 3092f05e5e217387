package org.vqforge.runner.prior;

import java.nio.file.Path;
import java.util.Arrays;
import org.vqforge.api.prior.TokenLayout;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.tokens.Split;
import org.vqforge.runner.tokens.TokenFileException;
import org.vqforge.runner.tokens.TokenHeader;
import org.vqforge.runner.tokens.Tokenizer;
import org.vqforge.runner.tokens.Tokens;

/**
 * What a prior is trained and evaluated on: the tokenizer's codes of its dataset's training split
 * (from {@code model.tokens}, or encoded on the fly) and of its test split, cut to the prior's
 * {@code data} limits, and the layout of their sequences.
 *
 * @param layout the sequences' shape, codebook and classes (0 for an unconditional prior)
 * @param train the training sequences
 * @param test the test sequences
 * @param tokenizer what identifies the tokenizer (its config hash and checkpoint step)
 */
public record PriorData(TokenLayout layout, TokenSequences train, TokenSequences test, TokenHeader.Tokenizer tokenizer) {

    /**
     * The layout of the sequences a prior over {@code tokenizer}'s codes models: the tokenizer's
     * grid, planes and codebook, and the dataset's classes if the prior is conditional.
     *
     * @throws TokenFileException when they cannot serve this prior (another dataset, no labels)
     */
    public static TokenLayout layout(Experiment experiment, Tokenizer tokenizer) {
        PriorSpec spec = PriorSpec.from(experiment);
        TokenHeader h = tokenizer.header(Split.TRAIN);
        if (!h.dataset().equals(experiment.data().dataset())) {
            throw new TokenFileException("data.dataset is " + experiment.data().dataset() + " but the tokenizer "
                    + spec.tokenizer() + " encodes " + h.dataset() + "; set data.dataset: " + h.dataset());
        }
        if (spec.conditional() && h.classes() == 0) {
            throw new TokenFileException("model.conditional is true but " + h.dataset()
                    + " has no labels for the tokenizer's images; set model.conditional: false");
        }
        return new TokenLayout(h.height(), h.width(), h.planes(), h.codebookSize(), spec.conditional() ? h.classes() : 0);
    }

    /**
     * The training tokens ({@code model.tokens}, or encoded now) and the test tokens (encoded now).
     *
     * @throws TokenFileException when the token file is not the tokenizer's training split
     */
    public static PriorData load(Experiment experiment, Tokenizer tokenizer, TokenLayout layout) {
        PriorSpec spec = PriorSpec.from(experiment);
        Tokens train = spec.tokens().isBlank() ? tokenizer.encode(Split.TRAIN)
                : tokenizer.readTokens(Path.of(spec.tokens()));
        if (train.header().split() != Split.TRAIN) {
            throw new TokenFileException(Path.of(spec.tokens()), "holds the " + train.header().split().label()
                    + " split; a prior trains on the train split (vqf encode " + spec.tokenizer() + " --split train)");
        }
        Tokens test = tokenizer.encode(Split.TEST);
        return new PriorData(layout, sequences(train, experiment.data().trainLimit(), layout),
                sequences(test, experiment.data().testLimit(), layout), tokenizer.tokenizer());
    }

    private static TokenSequences sequences(Tokens tokens, int limit, TokenLayout layout) {
        int count = limit > 0 ? Math.min(limit, tokens.header().count()) : tokens.header().count();
        Tokens kept = tokens.range(0, count);
        int[] classes = layout.conditional() ? kept.labels() : new int[count];
        if (!layout.conditional()) {
            Arrays.fill(classes, layout.noClass());
        }
        return new TokenSequences(kept.indices(), classes, layout.length());
    }
}
