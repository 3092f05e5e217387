package org.vqforge.runner.config;

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

    /** PyTorch's Adam betas, no clipping, no moving average: the vqvae defaults. */
    public TrainSpec(int steps, int epochs, int batchSize, double learningRate, long seed, int logEvery,
            int checkpointEvery, int evalBatchSize) {
        this(steps, epochs, batchSize, learningRate, seed, logEvery, checkpointEvery, evalBatchSize, 0.9, 0.999,
                learningRate, 0.0, 0.0, CONSTANT, 0, 0.0);
    }
}
