package org.vqforge.api.quantizer;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginProvider;

/** Extension point for quantizers. Config key: {@code model.quantizer.type}. */
public interface QuantizerProvider extends PluginProvider {

    /**
     * Builds an uninitialised quantizer.
     *
     * @param params validated parameters, defaults filled in
     * @param dimension the channels it quantizes
     * @param context the build context (for nested plugins and seeds)
     */
    Quantizer create(Parameters params, int dimension, BuildContext context);
}
