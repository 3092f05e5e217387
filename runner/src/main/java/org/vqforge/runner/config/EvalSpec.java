package org.vqforge.runner.config;

import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;

/**
 * The {@code eval} section.
 *
 * @param featureNetwork the feature network file of the Frechet distance; empty for the default
 *     one (see {@code org.vqforge.runner.eval.FeatureNetworks})
 */
public record EvalSpec(String featureNetwork) {

    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .string("featureNetwork", "", "feature network file the Frechet distance is measured through; empty for "
                    + "the default, VQF_HOME/features/fashion-mnist.vqff (VQF_HOME defaults to ~/.vqforge), which "
                    + "'vqf features train' makes")
            .build();

    /** The section: a resumed run may be evaluated through another feature network. */
    static final Section SECTION = Section.of("eval", SCHEMA).resumable("featureNetwork");

    public static EvalSpec from(Parameters eval) {
        return new EvalSpec(eval.getString("featureNetwork"));
    }

    /** Whether the user named a file, rather than leaving the default. */
    public boolean namesFeatureNetwork() {
        return !featureNetwork.isBlank();
    }
}
