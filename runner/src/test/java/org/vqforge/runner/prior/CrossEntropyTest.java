package org.vqforge.runner.prior;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {

    @Test
    void meanNatsIsTheMeanNegativeLogSoftmaxOfEachTokenComputedByHand() {
        float[] logits = {1f, 2f, 0.5f, -1f, 0f, 3f, 0.2f, 0.1f, 0.4f, 2f, -2f, 1f};
        int[] tokens = {1, 2, 0, 2};
        double expected = 0;
        for (int s = 0; s < 4; s++) {
            double sum = 0;
            for (int k = 0; k < 3; k++) {
                sum += Math.exp(logits[s * 3 + k]);
            }
            expected += -(logits[s * 3 + tokens[s]] - Math.log(sum));
        }
        expected /= 4;
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            double got = CrossEntropy.meanNats(m.create(logits, new Shape(2, 2, 3)), m.create(tokens, new Shape(2, 2)))
                    .getFloat();
            assertEquals(expected, got, 1e-6);
            assertEquals(expected / Math.log(2), CrossEntropy.bits(got), 1e-6);
        }
    }

    @Test
    void theUnigramEntropyOfTwoEquallyFrequentCodesIsOneBit() {
        TokenSequences s = new TokenSequences(new int[] {0, 3, 3, 0, 0, 3}, new int[] {0, 0, 0}, 2);
        assertEquals(1.0, s.unigramEntropyBits(4), 1e-12);
        TokenSequences skewed = new TokenSequences(new int[] {1, 1, 1, 2}, new int[] {0, 0}, 2);
        double p = 0.75;
        assertEquals(-(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2), skewed.unigramEntropyBits(3), 1e-12);
    }

    @Test
    void unigramDrawsFollowTheTokensFrequenciesAndNeverAnUnusedCode() {
        // codes 0: 1/8, 2: 3/8, 3: 4/8; codes 1 and 4 unused
        TokenSequences s = new TokenSequences(new int[] {0, 2, 2, 2, 3, 3, 3, 3}, new int[] {0, 0}, 4);
        int[] drawn = s.unigramDraws(80_000, 5, new java.util.SplittableRandom(2));
        double[] frequency = new double[5];
        for (int d : drawn) {
            frequency[d] += 1.0 / drawn.length;
        }
        assertEquals(0.0, frequency[1] + frequency[4]);
        assertEquals(0.125, frequency[0], 0.005);
        assertEquals(0.375, frequency[2], 0.005);
        assertEquals(0.5, frequency[3], 0.005);
    }
}
