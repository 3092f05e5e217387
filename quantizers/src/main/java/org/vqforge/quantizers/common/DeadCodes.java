package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;

/**
 * Dead-code restart: codes whose running usage has fallen below a threshold are moved onto random
 * encoder outputs of the current batch, where they are likely to be chosen again.
 */
public final class DeadCodes {

    private DeadCodes() {}

    /**
     * The codes whose running usage is below {@code threshold}, as a (K) boolean mask on the usage's
     * manager; empty when there are none (the only host read: one boolean).
     */
    public static Optional<NDArray> find(NDArray usage, double threshold) {
        NDArray dead = usage.lt(threshold);
        try (NDArray any = dead.any()) {
            if (any.getBoolean()) {
                return Optional.of(dead);
            }
        }
        dead.close();
        return Optional.empty();
    }

    /**
     * For each of the K codes a random row of {@code rows} (N, D): distinct rows when N >= K, else
     * drawn with replacement.
     *
     * @return (K, D) on the rows' manager, detached
     */
    public static NDArray candidates(NDArray rows, int codebookSize) {
        NDManager manager = rows.getManager();
        long n = rows.getShape().get(0);
        NDArray picks;
        if (n >= codebookSize) {
            try (NDArray order = manager.randomPermutation(n)) {
                picks = order.get(new NDIndex("0:" + codebookSize));
            }
        } else {
            picks = manager.randomInteger(0, n, new Shape(codebookSize), DataType.INT64);
        }
        try (NDArray values = rows.stopGradient()) {
            NDArray chosen = NearestCode.lookup(picks, values);
            picks.close();
            return chosen;
        }
    }

    /**
     * {@code replacement} rows where {@code dead}, {@code current} rows elsewhere.
     *
     * @param dead (K) boolean
     * @param replacement (K, D); the result lands on its manager
     * @param current (K, D)
     */
    public static NDArray replaceRows(NDArray dead, NDArray replacement, NDArray current) {
        try (NDArray column = dead.reshape(-1, 1); NDArray mask = column.broadcast(current.getShape())) {
            return NDArrays.where(mask, replacement, current).stopGradient();
        }
    }
}
