package org.vqforge.runner.prior;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.vqforge.api.prior.TokenLayout;
import org.vqforge.runner.eval.ImageGrid;

/**
 * Drawn images as a PNG grid: one row per class when they were drawn with the classes in turn
 * (image i of class i mod classes) and their count is a multiple of the classes; else rows of 10.
 */
public final class SampleGrid {

    /** The images {@code vqf sample} and a prior's final report draw by default: 10 of each class. */
    public static final int PER_CLASS = 10;

    private SampleGrid() {}

    /**
     * @param images (count, C, H, W) pixels in [0, 1]
     * @param inTurn whether image i has class i mod classes
     */
    public static void write(Path file, float[] images, int count, boolean inTurn, TokenLayout layout, Shape image)
            throws IOException {
        int classes = layout.classes();
        boolean byClass = inTurn && layout.conditional() && count % classes == 0;
        int columns = byClass ? count / classes : Math.min(count, PER_CLASS);
        ImageGrid.write(file, byClass ? oneRowPerClass(images, count, classes, Math.toIntExact(image.size())) : images,
                count, columns, (int) image.get(0), (int) image.get(1), (int) image.get(2));
    }

    /** Image i has class i mod classes: reorders them so that row c of the grid holds class c. */
    static float[] oneRowPerClass(float[] images, int count, int classes, int size) {
        int perRow = count / classes;
        float[] placed = new float[images.length];
        for (int i = 0; i < count; i++) {
            System.arraycopy(images, i * size, placed, ((i % classes) * perRow + i / classes) * size, size);
        }
        return placed;
    }
}
