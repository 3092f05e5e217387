package org.vqforge.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchesTest {

    /** 10 images of 2x2 whose pixels all equal the image number. */
    static ImageSet numbered(int n) {
        byte[] pixels = new byte[n * 4];
        for (int i = 0; i < n; i++) {
            Arrays.fill(pixels, i * 4, i * 4 + 4, (byte) i);
        }
        return new ImageSet(pixels, n, 1, 2, 2);
    }

    @Test
    void anEpochVisitsEveryImageOnceScaledToUnitRange() {
        ImageSet images = numbered(10);
        Batches batches = new Batches(images, 5, 42);
        assertEquals(2, batches.stepsPerEpoch());
        Set<Integer> seen = new HashSet<>();
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            for (int step = 0; step < 2; step++) {
                float[] v = batches.batch(step, m).toFloatArray();
                for (int i = 0; i < 5; i++) {
                    seen.add(Math.round(v[i * 4] * 255f));
                    assertEquals(v[i * 4], v[i * 4 + 3]);
                }
            }
        }
        assertEquals(10, seen.size());
    }

    @Test
    void orderDependsOnlyOnSeedAndStep() {
        ImageSet images = numbered(10);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            float[] fresh = new Batches(images, 5, 7).batch(3, m).toFloatArray();
            Batches used = new Batches(images, 5, 7);
            used.batch(0, m);
            used.batch(1, m);
            assertArrayEquals(fresh, used.batch(3, m).toFloatArray());
            float[] otherSeed = new Batches(images, 5, 8).batch(3, m).toFloatArray();
            assertFalse(Arrays.equals(fresh, otherSeed));
        }
    }

    @Test
    void batchesDoNotAliasTheStagingBuffer() {
        ImageSet images = numbered(10);
        Batches batches = new Batches(images, 5, 1);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            NDArray first = batches.batch(0, m);
            float[] before = first.toFloatArray();
            batches.batch(1, m);
            assertArrayEquals(before, first.toFloatArray());
        }
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = EpochOrder.permutation(100, new Random(3));
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void aBatchLargerThanTheTrainingSetIsBadInputNamingTheKey() {
        DataException e = assertThrows(DataException.class,
                () -> new Batches(numbered(10), 11, 0));
        assertEquals("train.batchSize: 11 is more than the 10 training images; use at most 10 or add images", e.getMessage());
    }
}
