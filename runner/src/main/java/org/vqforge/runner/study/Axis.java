package org.vqforge.runner.study;

import java.util.List;
import java.util.Objects;

/**
 * One dimension of a sweep: one or more dotted config keys (several keys vary together: a zipped
 * axis) and the values they take.
 *
 * @param name what the axis is called in trial names and tables
 * @param keys the dotted config keys it sets
 * @param values its values; each sets every key
 */
public record Axis(String name, List<String> keys, List<Value> values) {

    /**
     * One value of an axis.
     *
     * @param label how it is shown (trial names, tables)
     * @param settings one value per key of the axis, in key order: a scalar, a list, or a map that
     *     replaces the whole subtree under the key
     */
    public record Value(String label, List<Object> settings) {
        public Value {
            Objects.requireNonNull(label, "label");
            settings = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(settings));
        }
    }

    public Axis {
        Objects.requireNonNull(name, "name");
        keys = List.copyOf(keys);
        values = List.copyOf(values);
    }
}
