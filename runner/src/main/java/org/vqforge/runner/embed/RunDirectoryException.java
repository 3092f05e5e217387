package org.vqforge.runner.embed;

/** A run directory that cannot be used as asked: not a run, a run of another config, no complete checkpoint. */
public final class RunDirectoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunDirectoryException(String message) {
        super(message);
    }
}
