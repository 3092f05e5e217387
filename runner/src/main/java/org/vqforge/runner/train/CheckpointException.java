package org.vqforge.runner.train;

import java.nio.file.Path;

/**
 * A checkpoint that cannot be used: a file missing, truncated or changed since it was written
 * (checked against the sizes and SHA-256 sums in its {@code checkpoint.json}), or one written for
 * another model. Bad input, exit code 2.
 */
public class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path checkpoint;

    public CheckpointException(Path checkpoint, String problem) {
        super("checkpoint " + checkpoint + " is damaged: " + problem);
        this.checkpoint = checkpoint;
    }

    /** A problem with {@code checkpoint} as a whole, said in {@code message}. */
    public CheckpointException(String message, Path checkpoint, Throwable cause) {
        super(message, cause);
        this.checkpoint = checkpoint;
    }

    /** The checkpoint directory. */
    public Path checkpoint() {
        return checkpoint;
    }
}
