package org.vqforge.runner.config;

import java.util.List;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;

/**
 * The {@code train} section.
 *
 * @param steps optimiser steps; 0 for epochs times steps per epoch
 * @param epochs passes over the training set when {@code steps} is 0
 * @param batchSize images per step
 * @param learningRate the (generator's) optimiser's learning rate
 * @param seed seeds every random choice of the run
 * @param logEvery steps between metric lines
 * @param checkpointEvery steps between checkpoints; 0 for one at the end only
 * @param evalBatchSize images per evaluation batch
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param discLearningRate the discriminator's learning rate (vqgan; equals learningRate for a vqvae)
 * @param gradClip largest global L2 norm of each optimiser's gradients; 0 for no clipping
 * @param emaDecay decay of the generator weights' moving average; 0 for none
 * @param schedule how the learning rate moves after the warm-up: {@link #CONSTANT} or {@link #COSINE}
 * @param warmupSteps steps over which the learning rate rises linearly to its peak; 0 for none
 * @param minLearningRate where a cosine schedule ends
 */
public record TrainSpec(int steps, int epochs, int batchSize, double learningRate, long seed, int logEvery,
        int checkpointEvery, int evalBatchSize, double beta1, double beta2, double discLearningRate,
        double gradClip, double emaDecay, String schedule, int warmupSteps, double minLearningRate) {

    /** The learning rate stays at its peak after the warm-up (the default: no schedule at all). */
    public static final String CONSTANT = "constant";
    /** Half a cosine from the peak down to {@code minLearningRate} at the last step. */
    public static final String COSINE = "cosine";

    /**
     * The keys of every model type's {@code train} section. A model type adds its optimiser's
     * (e.g. Adam's betas) in its own declaration of the section.
     */
    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
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
            .choice("schedule", CONSTANT, List.of(CONSTANT, COSINE),
                    "learning rate after the warm-up: constant (learningRate), or cosine (half a cosine from "
                    + "learningRate down to minLearningRate at the last step); both optimisers follow it")
            .integer("warmupSteps", 0, 0, null,
                    "steps over which the learning rate rises linearly from learningRate / warmupSteps to "
                    + "learningRate; 0 for none")
            .real("minLearningRate", 0.0, 0.0, 10.0,
                    "the learning rate a cosine schedule ends at; at most learningRate")
            .build();

    /** The section: a run may be resumed with more steps or epochs, nothing else changed. */
    static final Section SECTION = Section.of("train", SCHEMA).resumable("steps", "epochs");

    /**
     * The spec of resolved {@code train} values. Keys a model type does not declare take the vqvae's
     * values: PyTorch's Adam betas, the discriminator's learning rate equal to the generator's.
     */
    public static TrainSpec from(Parameters train) {
        double learningRate = train.getDouble("learningRate");
        return new TrainSpec(train.getInt("steps"), train.getInt("epochs"), train.getInt("batchSize"), learningRate,
                train.getInt("seed"), train.getInt("logEvery"), train.getInt("checkpointEvery"),
                train.getInt("evalBatchSize"), orElse(train, "beta1", 0.9), orElse(train, "beta2", 0.999),
                orElse(train, "discLearningRate", learningRate), train.getDouble("gradClip"),
                train.getDouble("emaDecay"), train.getString("schedule"), train.getInt("warmupSteps"),
                train.getDouble("minLearningRate"));
    }

    /** Checks between keys that a schema cannot express. */
    static void check(Parameters train, ProblemList problems) {
        if (train.getDouble("minLearningRate") > train.getDouble("learningRate")) {
            problems.add("train.minLearningRate", train.getDouble("minLearningRate")
                    + " is above train.learningRate " + train.getDouble("learningRate")
                    + " (allowed: [0, train.learningRate])");
        }
    }

    private static double orElse(Parameters values, String name, double otherwise) {
        return values.asMap().containsKey(name) ? values.getDouble(name) : otherwise;
    }

    /** The steps of the run: {@code steps}, or when it is 0, {@code epochs} times {@code stepsPerEpoch}. */
    public long totalSteps(int stepsPerEpoch) {
        return steps > 0 ? steps : (long) epochs * stepsPerEpoch;
    }

    /** PyTorch's Adam betas, no clipping, no moving average: the vqvae defaults. */
    public TrainSpec(int steps, int epochs, int batchSize, double learningRate, long seed, int logEvery,
            int checkpointEvery, int evalBatchSize) {
        this(steps, epochs, batchSize, learningRate, seed, logEvery, checkpointEvery, evalBatchSize, 0.9, 0.999,
                learningRate, 0.0, 0.0, CONSTANT, 0, 0.0);
    }
}
