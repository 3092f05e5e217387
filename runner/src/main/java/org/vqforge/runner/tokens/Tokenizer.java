package org.vqforge.runner.tokens;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;

/**
 * A trained tokenizer run, as a stage-2 model sees it: images to code indices and back, and what
 * identifies the indices (the run's config hash and checkpoint step).
 */
public interface Tokenizer extends AutoCloseable {

    /** The run's directory, config hash, checkpoint step and quantizer, which token files record. */
    TokenHeader.Tokenizer tokenizer();

    /** The header {@link #encode} gives {@code split}'s tokens, without encoding any image. */
    TokenHeader header(Split split);

    /** The code indices (and labels, where the dataset has them) of the run's {@code split}. */
    Tokens encode(Split split);

    /**
     * Reads a token file this tokenizer made.
     *
     * @throws TokenFileException when it cannot be read or another tokenizer made it
     */
    Tokens readTokens(Path file);

    /** Pixels (count, channels, height, width) in [0, 1] of images {@code [from, from + count)} of {@code tokens}. */
    float[] decode(Tokens tokens, int from, int count);

    /** How many test images the run has. */
    int testImageCount();

    /** Test images {@code [from, from + count)}: pixels in [0, 1], (count, channels, height, width). */
    float[] testImages(int from, int count);

    /** One image's shape: (channels, height, width). */
    Shape imageShape();

    @Override
    void close();
}
