package org.vqforge.runner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {

    /** SSIM straight from the definition: a full 2-D window at every valid position. */
    static double naive(float[] x, float[] y, int h, int w) {
        double[] g = Ssim.gaussian(11, 1.5);
        double c1 = 1e-4;
        double c2 = 9e-4;
        double total = 0;
        int count = 0;
        for (int r = 0; r + 11 <= h; r++) {
            for (int c = 0; c + 11 <= w; c++) {
                double mx = 0, my = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double wt = g[i] * g[j];
                        mx += wt * x[(r + i) * w + c + j];
                        my += wt * y[(r + i) * w + c + j];
                    }
                }
                double vx = 0, vy = 0, cov = 0;
                for (int i = 0; i < 11; i++) {
                    for (int j = 0; j < 11; j++) {
                        double wt = g[i] * g[j];
                        double dx = x[(r + i) * w + c + j] - mx;
                        double dy = y[(r + i) * w + c + j] - my;
                        vx += wt * dx * dx;
                        vy += wt * dy * dy;
                        cov += wt * dx * dy;
                    }
                }
                total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                count++;
            }
        }
        return total / count;
    }

    @Test
    void identicalImagesScoreOne() {
        float[] x = random(28 * 28, 1);
        assertEquals(1.0, Ssim.of(x, x, 0, 28, 28), 1e-9);
    }

    @Test
    void matchesTheDefinitionOnNoisyImages() {
        float[] x = random(28 * 28, 2);
        float[] y = x.clone();
        Random noise = new Random(3);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.min(1, Math.max(0, y[i] + 0.2 * noise.nextGaussian()));
        }
        double expected = naive(x, y, 28, 28);
        assertEquals(expected, Ssim.of(x, y, 0, 28, 28), 1e-9);
        assertEquals(true, expected < 0.9 && expected > 0.0, "noise must lower SSIM: " + expected);
    }

    @Test
    void readsTheImageAtItsOffset() {
        float[] two = new float[2 * 144];
        float[] other = random(144, 4);
        System.arraycopy(other, 0, two, 144, 144);
        float[] y = random(144, 5);
        float[] y2 = new float[288];
        System.arraycopy(y, 0, y2, 144, 144);
        assertEquals(naive(other, y, 12, 12), Ssim.of(two, y2, 144, 12, 12), 1e-9);
    }

    @Test
    void kernelIsNormalised() {
        double sum = 0;
        for (double v : Ssim.gaussian(11, 1.5)) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void refusesImagesSmallerThanTheWindow() {
        assertThrows(IllegalArgumentException.class, () -> Ssim.of(new float[100], new float[100], 0, 10, 10));
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }
}
