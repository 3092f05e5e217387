package org.vqforge.runner.prior;

import org.vqforge.api.prior.TokenLayout;
import org.vqforge.runner.tokens.Split;
import org.vqforge.runner.tokens.TokenHeader;
import org.vqforge.runner.tokens.Tokenizer;
import org.vqforge.runner.tokens.Tokens;

/** Drawn sequences as a token file's content (split {@code sampled}), which their tokenizer decodes. */
public final class SampledTokens {

    private SampledTokens() {}

    public static Tokens of(Sampling.Result drawn, TokenLayout layout, Tokenizer tokenizer) {
        TokenHeader train = tokenizer.header(Split.TRAIN);
        int count = drawn.classes().length;
        TokenHeader header = TokenHeader.of(count, layout.height(), layout.width(), layout.planes(),
                train.planeKind(), layout.codebookSize(), layout.classes(), tokenizer.tokenizer(), train.dataset(),
                Split.SAMPLED);
        return new Tokens(header, drawn.tokens(), layout.conditional() ? drawn.classes() : new int[0]);
    }
}
