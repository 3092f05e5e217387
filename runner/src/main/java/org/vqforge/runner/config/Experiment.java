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
 * @param type {@code model.type}
 * @param backend the backend plugin
 * @param data the {@code data} section
 * @param train the {@code train} section
 * @param eval the {@code eval} section
 * @param shapes the shapes the model is built for (for a tokenizer, the dataset's images and the
 *     latent channels)
 * @param values every resolved value by key, which the model type's specs read
 *     ({@link #model()}, {@link #loss()})
 * @param resolved the complete config as nested maps (defaults included, each plugin slot with its
 *     {@code type} and all parameters), as {@link ConfigWriter} writes it; unmodifiable
 */
public record Experiment(String name, String type, PluginConfig backend, DataSpec data, TrainSpec train,
        EvalSpec eval, ModelShapes shapes, ResolvedValues values, Map<String, Object> resolved) {

    public Experiment {
        resolved = deepUnmodifiable(resolved);
    }

    /** The {@code model} section of a tokenizer (vqvae, vqgan). */
    public ModelSpec model() {
        return ModelSpec.from(type, values);
    }

    /** The {@code loss} section of a tokenizer (vqvae, vqgan). */
    public LossSpec loss() {
        return LossSpec.from(values);
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
