package org.vqforge.quantizers.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.TestBuildContext;

class DeadCodesTest {

    private TestBuildContext context;
    private NDManager step;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
        step = context.manager().newSubManager();
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void findsTheCodesBelowTheThreshold() {
        NDArray usage = step.create(new float[] {0.5f, 0.01f, 2f, 0.0999f});
        NDArray dead = DeadCodes.find(usage, 0.1).orElseThrow();
        assertArrayEquals(new boolean[] {false, true, false, true}, dead.toBooleanArray());
        assertTrue(DeadCodes.find(usage, 0.01).isEmpty(), "0.01 is not below 0.01");
    }

    @Test
    void candidatesAreDistinctRowsOfTheBatchWhenItHasEnough() {
        int n = 50;
        float[] rows = new float[n * 2];
        for (int i = 0; i < n; i++) {
            rows[2 * i] = i;
            rows[2 * i + 1] = -i;
        }
        NDArray picked = DeadCodes.candidates(step.create(rows, new Shape(n, 2)), 20);
        assertShape(picked, 20, 2);
        float[] values = picked.toFloatArray();
        Set<Float> seen = new HashSet<>();
        for (int c = 0; c < 20; c++) {
            assertEquals(-values[2 * c], values[2 * c + 1], 0, "code " + c + " is a whole row");
            assertTrue(seen.add(values[2 * c]), "row " + values[2 * c] + " picked twice");
        }
        // fewer rows than codes: drawn with replacement, still rows of the batch
        float[] few = DeadCodes.candidates(step.create(new float[] {3, -3, 7, -7}, new Shape(2, 2)), 5).toFloatArray();
        for (int c = 0; c < 5; c++) {
            assertTrue(few[2 * c] == 3 || few[2 * c] == 7, "value " + few[2 * c]);
            assertEquals(-few[2 * c], few[2 * c + 1], 0);
        }
    }

    @Test
    void replaceRowsTakesTheReplacementOnlyWhereDead() {
        NDArray dead = step.create(new boolean[] {true, false, true});
        NDArray replacement = step.create(new float[] {9, 9, 8, 8, 7, 7}, new Shape(3, 2));
        NDArray current = step.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(3, 2));
        assertClose(new float[] {9, 9, 3, 4, 7, 7}, DeadCodes.replaceRows(dead, replacement, current), 0, "rows");
    }

    @Test
    void codeCountsCountIndicesOfAnyShape() {
        NDArray indices = step.create(new long[] {0, 2, 2, 3, 2, 0}, new Shape(1, 2, 3));
        assertClose(new float[] {2, 0, 3, 1}, CodeCounts.of(indices, 4), 0, "counts");
    }
}
