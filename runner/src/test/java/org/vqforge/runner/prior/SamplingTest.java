package org.vqforge.runner.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingTest {

    static final float[] LOGITS = {2.0f, 1.0f, 0.0f, -1.0f};

    private static Sampling.Options options(double temperature, int topK, double topP) {
        return new Sampling.Options(1, temperature, topK, topP, -1, 1.0, 0, true, 1);
    }

    /** Frequencies of 40,000 draws with a fixed seed. */
    private static double[] frequencies(Sampling.Options options) {
        SplittableRandom random = new SplittableRandom(11);
        double[] counts = new double[LOGITS.length];
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            counts[Sampling.draw(LOGITS, options, random)]++;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] /= n;
        }
        return counts;
    }

    private static double[] softmax(double temperature, int keep) {
        double[] p = new double[LOGITS.length];
        double sum = 0;
        for (int i = 0; i < keep; i++) {
            p[i] = Math.exp(LOGITS[i] / temperature);
            sum += p[i];
        }
        for (int i = 0; i < keep; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Test
    void drawsFollowTheSoftmaxAtEachTemperature() {
        for (double t : new double[] {1.0, 0.5, 2.0}) {
            double[] expected = softmax(t, 4);
            double[] got = frequencies(options(t, 0, 1.0));
            for (int i = 0; i < 4; i++) {
                // 40,000 draws: the standard error is below 0.0025
                assertEquals(expected[i], got[i], 0.01, "token " + i + " at temperature " + t);
            }
        }
    }

    @Test
    void topKAndTopPKeepTheMostLikelyTokensRenormalised() {
        double[] top2 = softmax(1.0, 2);
        double[] got = frequencies(options(1.0, 2, 1.0));
        assertEquals(top2[0], got[0], 0.01);
        assertEquals(top2[1], got[1], 0.01);
        assertEquals(0.0, got[2] + got[3]);
        // softmax(2, 1, 0, -1) = 0.644, 0.237, 0.087, 0.032: p = 0.85 keeps the first two (0.881), p = 0.6 the first
        assertEquals(0.0, frequencies(options(1.0, 0, 0.85))[2]);
        assertEquals(1.0, frequencies(options(1.0, 0, 0.6))[0]);
        assertEquals(1.0, frequencies(options(1.0, 1, 1.0))[0], "top-k 1 is greedy");
    }

    @Test
    void badOptionsNameTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> options(1.0, 0, 0.0)).getMessage()
                .startsWith("--top-p"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> options(1.0, 0, 1.5)).getMessage()
                .startsWith("--top-p"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> options(0.0, 0, 1.0)).getMessage()
                .startsWith("--temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Sampling.Options(0, 1, 0, 1, -1, 1, 0, true, 1)).getMessage().startsWith("--count"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Sampling.Options(1, 1, -1, 1, -1, 1, 0, true, 1)).getMessage().startsWith("--top-k"));
    }
}
