package org.vqforge.api.backend;

/** A backend was asked for where it cannot run (e.g. {@code gpu} without a GPU). Never a silent fallback. */
public class BackendUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }
}
