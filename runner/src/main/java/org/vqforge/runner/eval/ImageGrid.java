package org.vqforge.runner.eval;

import org.vqforge.runner.files.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;


/**
 * Writes images as a PNG grid with ImageIO (DJL's BufferedImageFactory refuses grayscale
 * arrays). Values in [0, 1] are scaled to 0..255 and clamped.
 */
public final class ImageGrid {

    private static final int GAP = 2;

    private ImageGrid() {}

    /**
     * Writes rows of images: {@code rows[r]} holds {@code columns} images of channels x height x
     * width, back to back. One or three channels.
     */
    public static void write(Path file, float[][] rows, int columns, int channels, int height, int width)
            throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a PNG grid needs 1 or 3 channels, got " + channels);
        }
        int w = columns * width + (columns + 1) * GAP;
        int h = rows.length * height + (rows.length + 1) * GAP;
        BufferedImage image = new BufferedImage(w, h,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < columns; c++) {
                int base = c * channels * plane;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int px = GAP + c * (width + GAP) + x;
                        int py = GAP + r * (height + GAP) + y;
                        if (channels == 1) {
                            int v = toByte(rows[r][base + y * width + x]);
                            image.getRaster().setSample(px, py, 0, v);
                        } else {
                            int red = toByte(rows[r][base + y * width + x]);
                            int green = toByte(rows[r][base + plane + y * width + x]);
                            int blue = toByte(rows[r][base + 2 * plane + y * width + x]);
                            image.setRGB(px, py, (red << 16) | (green << 8) | blue);
                        }
                    }
                }
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer available");
        }
        AtomicFiles.write(file, png.toByteArray());
    }

    /**
     * Writes {@code count} images of channels x height x width, back to back in {@code images}, in
     * rows of {@code columns} (the last row padded with black).
     */
    public static void write(Path file, float[] images, int count, int columns, int channels, int height, int width)
            throws IOException {
        int size = channels * height * width;
        float[][] rows = new float[(count + columns - 1) / columns][columns * size];
        for (int i = 0; i < count; i++) {
            System.arraycopy(images, i * size, rows[i / columns], (i % columns) * size, size);
        }
        write(file, rows, columns, channels, height, width);
    }

    static int toByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
