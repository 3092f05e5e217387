package org.vqforge.runner.config;

/**
 * The {@code eval} section.
 *
 * @param featureNetwork the feature network file of the Frechet distance; empty for the default
 *     one (see {@code org.vqforge.runner.eval.FeatureNetworks})
 */
public record EvalSpec(String featureNetwork) {

    /** Whether the user named a file, rather than leaving the default. */
    public boolean namesFeatureNetwork() {
        return !featureNetwork.isBlank();
    }
}
