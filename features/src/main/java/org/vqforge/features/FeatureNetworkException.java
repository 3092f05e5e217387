package org.vqforge.features;

/**
 * A feature network that cannot be read, written or applied. The message names the file (or says
 * that the network was never saved) and what is wrong with it.
 */
public class FeatureNetworkException extends RuntimeException {

    public FeatureNetworkException(String message) {
        super(message);
    }

    public FeatureNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
