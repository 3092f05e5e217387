package org.vqforge.runner.config;

import java.util.List;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.api.quantizer.QuantizerProvider;

/**
 * The keys the runner itself owns, section by section, and the plugin slots. Plugin parameters are
 * declared by the plugins.
 */
public final class RunnerSchema {

    /** The top-level sections, in the order they are written. */
    public static final List<String> SECTIONS = List.of("experiment", "backend", "data", "model", "loss", "train",
            "eval");

    public static final ParameterSchema EXPERIMENT = ParameterSchema.builder()
            .string("name", "experiment", "names the run and its output folder")
            .build();

    public static final ParameterSchema DATA = ParameterSchema.builder()
            .choice("dataset", "fashion-mnist", DatasetShapes.NAMES, "the image dataset")
            .string("path", "", "folder with the dataset's IDX files (empty for the default look-up), or the "
                    + "image-folder's folder of PNG/JPEG files (subfolders included)")
            .integer("trainLimit", 0, 0, null, "training images to use; 0 for all")
            .integer("testLimit", 0, 0, null, "test images to use; 0 for all")
            .integer("imageSize", DataSpec.FolderOptions.DEFAULTS.imageSize(), 8, 1024,
                    "image-folder: height and width; the shorter side is resized to it, then the centre is cropped")
            .integer("channels", DataSpec.FolderOptions.DEFAULTS.channels(), 1, 3,
                    "image-folder: 1 (grayscale) or 3 (RGB); images are converted to it")
            .realExclusive("testFraction", DataSpec.FolderOptions.DEFAULTS.testFraction(), 0.0, 1.0,
                    "image-folder: share of the images held out for testing, chosen by a hash of each relative path;"
                    + " unused with testPath")
            .string("testPath", "", "image-folder: a separate folder of test images; empty to split path")
            .choice("onUnreadable", "skip", DataSpec.ON_UNREADABLE,
                    "image-folder: a file that cannot be decoded is reported and skipped, or stops the run")
            .build();

    /** {@code model.type}: a lone spec, since a {@link ParameterSchema} reserves {@code type} for plugin names. */
    public static final ParameterSpec MODEL_TYPE = ParameterSpec.choice("type", "vqvae", List.of("vqvae", "vqgan"),
            "the model family: vqvae (autoencoder) or vqgan (autoencoder trained against a discriminator)");

    /** The {@code model.type} that trains against a discriminator. */
    public static final String VQGAN = "vqgan";

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

    /** Keys of {@code loss.perceptual} that belong to the runner. */
    public static final ParameterSchema PERCEPTUAL = ParameterSchema.builder()
            .real("weight", 1.0, 0.0, null, "weight of the perceptual loss in the total")
            .build();

    /** Keys of {@code loss.adversarial} (vqgan only) that belong to the runner. */
    public static final ParameterSchema ADVERSARIAL = ParameterSchema.builder()
            .real("discWeight", 0.8, 0.0, null,
                    "factor of the adaptive weight ||grad rec|| / (||grad G_adv|| + 1e-4) at the decoder's output layer")
            .real("discFactor", 1.0, 0.0, null, "factor of the adversarial terms (generator and discriminator)")
            .integer("discStart", 0, 0, null, "step (0-based) from which the generator's adversarial term is on")
            .bool("trainDiscBeforeStart", false,
                    "train the discriminator from step 0; false freezes it until discStart (as taming does)")
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
            .real("gradClip", 0.0, 0.0, null, "largest global L2 norm of each optimiser's gradients; 0 for no clipping")
            .realBelow("emaDecay", 0.0, 0.0, 1.0,
                    "decay of the moving average of the generator's weights used for evaluation; 0 for none")
            .choice("schedule", TrainSpec.CONSTANT, List.of(TrainSpec.CONSTANT, TrainSpec.COSINE),
                    "learning rate after the warm-up: constant (learningRate), or cosine (half a cosine from "
                    + "learningRate down to minLearningRate at the last step); both optimisers follow it")
            .integer("warmupSteps", 0, 0, null,
                    "steps over which the learning rate rises linearly from learningRate / warmupSteps to "
                    + "learningRate; 0 for none")
            .real("minLearningRate", 0.0, 0.0, 10.0,
                    "the learning rate a cosine schedule ends at; at most learningRate")
            .build();

    /** Adam's moment decays for a vqvae: PyTorch's defaults. */
    public static final ParameterSchema VQVAE_OPTIMIZER = ParameterSchema.builder()
            .realBelow("beta1", 0.9, 0.0, 1.0, "Adam's first-moment decay")
            .realBelow("beta2", 0.999, 0.0, 1.0, "Adam's second-moment decay")
            .build();

    /**
     * Adam's moment decays for a vqgan (taming's 0.5, 0.9, for both optimisers) and the
     * discriminator's learning rate, whose default is {@code train.learningRate}.
     */
    public static final ParameterSchema VQGAN_OPTIMIZER = ParameterSchema.builder()
            .realBelow("beta1", 0.5, 0.0, 1.0, "Adam's first-moment decay (both optimisers)")
            .realBelow("beta2", 0.9, 0.0, 1.0, "Adam's second-moment decay (both optimisers)")
            .positive("discLearningRate", 1e-3, 10.0, "the discriminator's learning rate; default: train.learningRate")
            .build();

    /** Keys that only a vqgan has, as full dotted keys (sections are prefixes). */
    public static final List<String> VQGAN_ONLY = List.of("model.discriminator", "loss.adversarial",
            "train.discLearningRate");

    public static final ParameterSchema EVAL = ParameterSchema.builder()
            .string("featureNetwork", "", "feature network file the Frechet distance is measured through; empty for "
                    + "the default, VQF_HOME/features/fashion-mnist.vqff (VQF_HOME defaults to ~/.vqforge), which "
                    + "'vqf features train' makes")
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
    /** Optional: {@code type: none} (the default) adds no perceptual term. */
    public static final Slot PERCEPTUAL_LOSS = new Slot("loss.perceptual", LossProvider.class, "none", PERCEPTUAL);
    public static final Slot DISCRIMINATOR = new Slot("model.discriminator", ArchitectureProvider.class, "patchgan",
            ParameterSchema.empty());
    public static final Slot ADVERSARIAL_LOSS = new Slot("loss.adversarial", LossProvider.class, "hinge",
            ADVERSARIAL);

    /** The {@code type} of an optional slot that chooses no plugin. */
    public static final String NONE = "none";

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
