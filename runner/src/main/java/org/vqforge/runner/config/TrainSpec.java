package org.vqforge.runner.config;

/**
 * The {@code train} section.
 *
 * @param steps optimiser steps; 0 for epochs times steps per epoch
 * @param epochs passes over the training set when {@code steps} is 0
 * @param batchSize images per step
 * @param learningRate the optimiser's learning rate
 * @param seed seeds every random choice of the run
 * @param logEvery steps between metric lines
 * @param checkpointEvery steps between checkpoints; 0 for one at the end only
 * @param evalBatchSize images per evaluation batch
 */
public record TrainSpec(int steps, int epochs, int batchSize, double learningRate, long seed, int logEvery,
        int checkpointEvery, int evalBatchSize) {}
