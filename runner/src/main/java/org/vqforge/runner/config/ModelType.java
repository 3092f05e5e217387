package org.vqforge.runner.config;

import java.util.List;
import java.util.Map;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.Parameters;

/**
 * What a {@code model.type} declares to the config: its sections with their keys and plugin slots.
 * Resolving an experiment is one loop over these declarations (and the runner's own sections), so a
 * new model type needs no change to the resolver. The half that builds the model and its training
 * objective is the runner's {@code recipe} package.
 */
public interface ModelType {

    /** The value of {@code model.type} that selects this type. */
    String name();

    /** One line for the reader, e.g. {@code autoencoder trained against a discriminator}. */
    String description();

    /**
     * The sections this type declares, in the order they are written: {@code model} (its keys and
     * slots; {@code model.type} itself is the runner's) and any other. A section named like one of
     * the runner's ({@code train}) is merged into it, its keys after the runner's.
     */
    List<Section> sections();

    /**
     * Keys whose default is the value of another key of the same section, full dotted keys:
     * e.g. {@code train.discLearningRate -> train.learningRate}.
     */
    default Map<String, String> defaultsFromKeys() {
        return Map.of();
    }

    /**
     * Checks across keys (or of files a key names) that its schemas cannot express, once every
     * section is resolved.
     *
     * @param data the resolved {@code data} section
     * @param values every resolved value
     * @return problems, each with its full dotted key
     */
    default List<ConfigProblem> check(DataSpec data, ResolvedValues values) {
        return List.of();
    }

    /**
     * The shapes its plugins are checked and built for.
     *
     * @param data the resolved {@code data} section
     * @param model the resolved keys of the {@code model} section
     */
    ModelShapes shapes(DataSpec data, Parameters model);
}
