package org.vqforge.runner.data;


/**
 * The images a run trains and evaluates on.
 *
 * @param name the dataset name
 * @param train training images
 * @param test test images
 * @param files the files they were read from, for provenance
 */
public record TrainingData(String name, ImageSet train, ImageSet test, java.util.List<java.nio.file.Path> files) {}
