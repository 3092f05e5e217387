package org.vqforge.api.plugin;

import java.util.List;

/**
 * What every provider has in common. Each extension point extends this with its own {@code
 * create} method. Constructors must be cheap: no tensors, no files, no native code.
 */
public interface PluginProvider {

    /** The parameters this plugin accepts, with defaults, ranges and documentation. */
    ParameterSchema schema();

    /**
     * Checks that involve several parameters or the model's shapes (e.g. "heads divides the
     * channels"). Single-parameter ranges belong in the schema. Called after the schema checks
     * pass, before anything is built.
     *
     * @param params the validated parameters
     * @param shapes the shapes the plugin will be built for
     * @return problems found, each naming the parameter key relative to this plugin
     */
    default List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        return List.of();
    }
}
