package org.vqforge.api.plugin;

import ai.djl.ndarray.NDManager;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.quantizer.Quantizer;

/** What a plugin may use while it is being built. Supplied by the runner. */
public interface BuildContext {

    /** The shapes of the model being assembled. */
    ModelShapes shapes();

    /** The chosen backend. */
    Backend backend();

    /**
     * A manager that lives as long as the model, for arrays a plugin holds outside its block
     * parameters (e.g. a frozen feature network). Per-step arrays belong to the step's manager.
     */
    NDManager manager();

    /** The experiment seed, for plugins that draw their own randomness. */
    long seed();

    /**
     * Builds another quantizer plugin, for quantizers that compose others (residual, product).
     *
     * @param config the nested plugin's name and parameters
     * @param dimension the channels it quantizes
     */
    Quantizer newQuantizer(PluginConfig config, int dimension);
}
