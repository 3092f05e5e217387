package org.vqforge.runner.config;

import java.util.List;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.ParameterType;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.api.quantizer.QuantizerProvider;

/**
 * The keys the runner itself owns, section by section, and the plugin slots. Plugin parameters are
 * declared by the plugins.
 */
public final class RunnerSchema {

    /** The top-level sections, in the order they are written. */
    public static final List<String> SECTIONS = List.of("experiment", "backend", "data", "model", "loss", "train");

    public static final ParameterSchema EXPERIMENT = ParameterSchema.builder()
            .string("name", "experiment", "names the run and its output folder")
            .build();

    public static final ParameterSchema DATA = ParameterSchema.builder()
            .choice("dataset", "fashion-mnist", DatasetShapes.NAMES, "the image dataset")
            .string("path", "", "folder with the dataset's IDX files; empty for the default look-up")
            .integer("trainLimit", 0, 0, null, "training images to use; 0 for all")
            .integer("testLimit", 0, 0, null, "test images to use; 0 for all")
            .build();

    /** {@code model.type}: a lone spec, since a {@link ParameterSchema} reserves {@code type} for plugin names. */
    public static final ParameterSpec MODEL_TYPE = new ParameterSpec("type", ParameterType.CHOICE, "vqvae",
            null, true, null, true, List.of("vqvae"), 0, null, "the model family");

    public static final ParameterSchema MODEL = ParameterSchema.builder()
            .integer("latentChannels", 64, 1, 4096, "channels between encoder, quantizer and decoder")
            .build();

    public static final ParameterSchema LOSS = ParameterSchema.builder()
            .real("codebookWeight", 1.0, 0.0, null, "weight of the quantizer's own loss")
            .build();

    /** Keys of {@code loss.reconstruction} that belong to the runner, beside the loss plugin's own. */
    public static final ParameterSchema RECONSTRUCTION = ParameterSchema.builder()
            .real("weight", 1.0, 0.0, null, "weight of the reconstruction loss in the total")
            .build();

    public static final ParameterSchema TRAIN = ParameterSchema.builder()
            .integer("steps", 0, 0, null, "optimiser steps; 0 for epochs x steps per epoch")
            .integer("epochs", 1, 1, null, "passes over the training set when steps is 0")
            .integer("batchSize", 128, 1, 65536, "images per step")
            .positive("learningRate", 1e-3, 10.0, "the optimiser's learning rate")
            .integer("seed", 0, 0, null, "seeds every random choice of the run")
            .integer("logEvery", 10, 1, null, "steps between metric lines")
            .integer("checkpointEvery", 0, 0, null, "steps between checkpoints; 0 for one at the end only")
            .integer("evalBatchSize", 500, 1, null, "images per evaluation batch")
            .build();

    public static final Slot BACKEND = new Slot("backend", BackendProvider.class, "cpu", ParameterSchema.empty());
    public static final Slot ENCODER = new Slot("model.encoder", ArchitectureProvider.class, "conv-resnet",
            ParameterSchema.empty());
    public static final Slot QUANTIZER = new Slot("model.quantizer", QuantizerProvider.class, "vq",
            ParameterSchema.empty());
    public static final Slot DECODER = new Slot("model.decoder", ArchitectureProvider.class, "conv-resnet",
            ParameterSchema.empty());
    public static final Slot RECONSTRUCTION_LOSS = new Slot("loss.reconstruction", LossProvider.class, "mse",
            RECONSTRUCTION);

    /**
     * A place in the config where a plugin is chosen with {@code <key>.type}; the other keys under it
     * are the plugin's parameters, plus {@code runnerKeys}.
     *
     * @param key the full dotted key, e.g. {@code model.quantizer}
     * @param point the extension point
     * @param defaultType the plugin used when {@code type} is not given
     * @param runnerKeys keys under the slot that the runner owns (e.g. a loss weight)
     */
    public record Slot(String key, Class<? extends PluginProvider> point, String defaultType,
            ParameterSchema runnerKeys) {

        /** The last part of the key, e.g. {@code quantizer}. */
        public String name() {
            return key.substring(key.lastIndexOf('.') + 1);
        }
    }

    private RunnerSchema() {}
}
