package org.vqforge.runner.tokens;

import java.nio.file.Path;

/**
 * A token file that cannot be used: not a token file, truncated, of another format version, or
 * written by another tokenizer than the run it is given to. The message names the file.
 */
public final class TokenFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TokenFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public TokenFileException(String message) {
        super(message);
    }
}
