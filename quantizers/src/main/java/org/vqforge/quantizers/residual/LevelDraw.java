package org.vqforge.quantizers.residual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** How many levels a training step with quantize dropout uses. */
@FunctionalInterface
interface LevelDraw {

    /**
     * @param manager the step's manager, whose engine the runner seeds before each step
     * @param levels the number of levels
     * @return a number of levels in [1, levels]
     */
    int draw(NDManager manager, int levels);

    /** Uniform over 1..levels, from the engine's seeded generator so runs are reproducible. */
    static LevelDraw uniform() {
        return (manager, levels) -> {
            try (NDArray drawn = manager.randomInteger(1, levels + 1L, new Shape(1), DataType.INT64)) {
                return Math.toIntExact(drawn.toLongArray()[0]);
            }
        };
    }
}
