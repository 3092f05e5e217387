package org.vqforge.api.prior;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginProvider;

/**
 * Extension point for stage-2 priors over code indices. Config key: {@code model.prior.type}.
 * Cross-parameter checks (e.g. "heads divides dim") go in {@link #check}.
 */
public interface PriorProvider extends PluginProvider {

    /**
     * Builds an uninitialised prior for sequences of {@code layout}. The caller initialises it
     * with the input shape (1, {@code layout.length()}).
     *
     * @param params validated parameters, defaults filled in
     * @param layout the token sequences it will model, with the number of classes
     * @param context the build context (seed, backend, a long-lived manager)
     */
    Prior create(Parameters params, TokenLayout layout, BuildContext context);
}
