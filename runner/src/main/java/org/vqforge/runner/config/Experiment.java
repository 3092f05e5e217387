package org.vqforge.runner.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.PluginConfig;

/**
 * A validated experiment: every key has a value, every plugin exists and accepted its parameters.
 *
 * @param name {@code experiment.name}
 * @param backend the backend plugin
 * @param data the {@code data} section
 * @param model the {@code model} section
 * @param loss the {@code loss} section
 * @param train the {@code train} section
 * @param eval the {@code eval} section
 * @param resolved the complete config as nested maps (defaults included, each plugin slot with its
 *     {@code type} and all parameters), as {@link ConfigWriter} writes it; unmodifiable
 */
public record Experiment(String name, PluginConfig backend, DataSpec data, ModelSpec model, LossSpec loss,
        TrainSpec train, EvalSpec eval, Map<String, Object> resolved) {

    public Experiment {
        resolved = deepUnmodifiable(resolved);
    }

    /** The shapes the model is built for: the dataset's images and the latent channels. */
    public ModelShapes shapes() {
        return DatasetShapes.of(data, model.latentChannels());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepUnmodifiable(Map<String, Object> tree) {
        Map<String, Object> copy = new LinkedHashMap<>();
        tree.forEach((key, value) -> copy.put(key, value instanceof Map
                ? deepUnmodifiable((Map<String, Object>) value)
                : value instanceof List ? List.copyOf((List<?>) value) : value));
        return Collections.unmodifiableMap(copy);
    }
}
