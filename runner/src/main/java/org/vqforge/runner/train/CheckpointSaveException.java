package org.vqforge.runner.train;

/**
 * A checkpoint could not be written (typically a full disk). Nothing of it was published: the
 * previous checkpoint is still the newest, and the message names it.
 */
public class CheckpointSaveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CheckpointSaveException(String message, Throwable cause) {
        super(message, cause);
    }
}
