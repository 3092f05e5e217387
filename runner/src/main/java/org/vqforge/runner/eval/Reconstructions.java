package org.vqforge.runner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.ImageSet;
import org.vqforge.runner.model.VqModel;

/** The reconstruction grid: test images in rows of originals, each above its reconstructions. */
public final class Reconstructions {

    private Reconstructions() {}

    /**
     * Writes {@code count} test images (the first ones, so grids of different runs compare) as
     * pairs of rows of {@code columns}: originals, then reconstructions.
     */
    public static void write(VqModel model, ImageSet test, int count, int columns, Path file) throws IOException {
        int n = Math.min(count, test.count());
        int pairs = (n + columns - 1) / columns;
        float[][] rows = new float[pairs * 2][columns * test.imageSize()];
        try (NDManager manager = model.manager().newSubManager()) {
            NDArray images = Batches.range(test, 0, n, manager);
            float[] original = images.toFloatArray();
            float[] recon = model.forward(images, StepInfo.evaluation()).reconstruction().clip(0f, 1f).toFloatArray();
            for (int i = 0; i < n; i++) {
                int row = (i / columns) * 2;
                int col = i % columns;
                System.arraycopy(original, i * test.imageSize(), rows[row], col * test.imageSize(), test.imageSize());
                System.arraycopy(recon, i * test.imageSize(), rows[row + 1], col * test.imageSize(), test.imageSize());
            }
        }
        ImageGrid.write(file, rows, columns, test.channels(), test.height(), test.width());
    }
}
