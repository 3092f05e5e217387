package org.vqforge.runner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @TempDir
    Path dir;

    @Test
    void writesGrayscalePixelsWhereTheyBelong() throws IOException {
        // two rows of two 2x3 images; image k of row r has every pixel (r * 2 + k) / 3
        float[][] rows = new float[2][2 * 6];
        for (int r = 0; r < 2; r++) {
            for (int k = 0; k < 2; k++) {
                for (int p = 0; p < 6; p++) {
                    rows[r][k * 6 + p] = (r * 2 + k) / 3f;
                }
            }
        }
        Path file = dir.resolve("grid.png");
        ImageGrid.write(file, rows, 2, 1, 2, 3);
        BufferedImage png = ImageIO.read(file.toFile());
        assertEquals(2 * 3 + 3 * 2, png.getWidth());
        assertEquals(2 * 2 + 3 * 2, png.getHeight());
        assertEquals(0, png.getRaster().getSample(0, 0, 0), "gap");
        assertEquals(0, png.getRaster().getSample(2, 2, 0), "row 0 image 0");
        assertEquals(85, png.getRaster().getSample(2 + 3 + 2, 2, 0), "row 0 image 1");
        assertEquals(170, png.getRaster().getSample(2, 2 + 2 + 2 + 1, 0), "row 1 image 0");
        assertEquals(255, png.getRaster().getSample(2 + 3 + 2 + 2, 2 + 2 + 2 + 1, 0), "row 1 image 1");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void clampsOutOfRangeValues() {
        assertEquals(0, ImageGrid.toByte(-0.5f));
        assertEquals(255, ImageGrid.toByte(1.7f));
        assertEquals(128, ImageGrid.toByte(0.5f));
    }
}
