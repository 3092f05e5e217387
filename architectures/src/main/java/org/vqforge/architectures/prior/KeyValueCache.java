package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values (B, heads, positions, headDim) one attention layer has computed so far in a
 * generation, on the generation's manager.
 */
final class KeyValueCache {

    private final NDManager manager;
    private NDArray keys;
    private NDArray values;

    KeyValueCache(NDManager manager) {
        this.manager = manager;
    }

    /** Appends the new positions' keys and values; returns all keys and values so far. */
    NDArray[] append(NDArray newKeys, NDArray newValues) {
        if (keys == null) {
            keys = newKeys.duplicate();
            values = newValues.duplicate();
            keys.attach(manager);
            values.attach(manager);
        } else {
            NDArray k = keys.concat(newKeys, 2);
            NDArray v = values.concat(newValues, 2);
            keys.close();
            values.close();
            keys = k;
            values = v;
        }
        return new NDArray[] {keys, values};
    }
}
