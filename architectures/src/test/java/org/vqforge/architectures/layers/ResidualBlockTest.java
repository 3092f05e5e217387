package org.vqforge.architectures.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.TestBuildContext;

class ResidualBlockTest {

    @Test
    void rejectsABodyThatChangesTheShape() {
        ResidualBlock block = new ResidualBlock(TorchConv.of(2, 3, 1, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> block.getOutputShapes(new Shape[] {new Shape(1, 2, 4, 4)}));
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            assertThrows(IllegalArgumentException.class,
                    () -> block.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 4, 4)));
        }
    }
}
