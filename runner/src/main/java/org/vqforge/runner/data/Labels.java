package org.vqforge.runner.data;

/**
 * The class of each image of a split.
 *
 * @param values one label per image, in the images' order, each in [0, classes)
 * @param classes the number of classes: one more than the largest label of the whole label file
 *     (before any limit), so that both splits of a dataset agree
 * @param file the label file they were read from
 */
public record Labels(int[] values, int classes, java.nio.file.Path file) {

    /**
     * Checks that there is a label for each of {@code images} images.
     *
     * @throws DataException naming the label file when there is not
     */
    public Labels requireCount(int images) {
        if (values.length != images) {
            throw new DataException(file, values.length + " labels for " + images + " images");
        }
        return this;
    }
}
