package org.vqforge.runner.config;

/**
 * The {@code data} section.
 *
 * @param dataset one of {@link DatasetShapes#NAMES}
 * @param path where the dataset files are; empty for the default look-up
 * @param trainLimit how many training images to use; 0 for all
 * @param testLimit how many test images to use; 0 for all
 */
public record DataSpec(String dataset, String path, int trainLimit, int testLimit) {}
