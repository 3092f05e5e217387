package org.vqforge.api.prior;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.TestBackend;

class TokenLayoutTest {

    @Test
    void sequencesArePositionMajorPlaneMinor() {
        try (NDManager manager = new TestBackend().newManager()) {
            // index (plane p, row r, column c) = 100 p + 10 r + c, for 2 planes over 2 x 3 positions
            int[] values = new int[2 * 2 * 3];
            for (int p = 0; p < 2; p++) {
                for (int r = 0; r < 2; r++) {
                    for (int c = 0; c < 3; c++) {
                        values[(p * 2 + r) * 3 + c] = 100 * p + 10 * r + c;
                    }
                }
            }
            Shape indexShape = new Shape(1, 2, 2, 3);
            TokenLayout layout = TokenLayout.of(indexShape, 512, 10);
            assertEquals(new TokenLayout(2, 3, 2, 512, 10), layout);
            NDArray indices = manager.create(values, indexShape);
            NDArray sequences = layout.toSequences(indices);
            assertArrayEquals(new int[] {0, 100, 1, 101, 2, 102, 10, 110, 11, 111, 12, 112}, sequences.toIntArray());
            assertArrayEquals(values, layout.toIndices(sequences, indexShape).toIntArray());
            assertEquals(indexShape, layout.toIndices(sequences, indexShape).getShape());
        }
    }

    @Test
    void singlePlaneIndicesKeepTheirRank() {
        try (NDManager manager = new TestBackend().newManager()) {
            TokenLayout layout = TokenLayout.of(new Shape(2, 2, 2), 4, 0);
            assertEquals(1, layout.planes());
            assertEquals(0, layout.noClass());
            NDArray indices = manager.create(new int[] {0, 1, 2, 3, 3, 2, 1, 0}, new Shape(2, 2, 2));
            NDArray sequences = layout.toSequences(indices);
            assertEquals(new Shape(2, 4), sequences.getShape());
            assertEquals(new Shape(2, 2, 2), layout.toIndices(sequences, new Shape(1, 2, 2)).getShape());
            assertThrows(IllegalArgumentException.class, () -> layout.toSequences(manager.zeros(new Shape(2, 2, 3))));
        }
    }

    @Test
    void rejectsEmptyLayouts() {
        assertEquals(49, new TokenLayout(7, 7, 1, 512, 10).length());
        assertThrows(IllegalArgumentException.class, () -> new TokenLayout(7, 7, 0, 512, 10));
        assertThrows(IllegalArgumentException.class, () -> new TokenLayout(7, 7, 1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> TokenLayout.of(new Shape(7, 7), 512, 0));
    }
}
