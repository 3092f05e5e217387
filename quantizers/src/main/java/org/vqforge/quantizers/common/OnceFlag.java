package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * A one-element, non-gradient parameter that records that something happened once (e.g. k-means
 * initialisation). Being a parameter, it is saved with checkpoints, so a resumed run does not
 * do it again.
 */
public final class OnceFlag {

    private final Parameter parameter;
    // the last array seen set; loading a checkpoint replaces the array, which clears this cache
    private NDArray knownSet;

    /** A flag parameter called {@code name}; the block must add {@link #parameter()}. */
    public OnceFlag(String name) {
        this.parameter = Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(1))
                .optInitializer(Initializer.ZEROS)
                .optRequiresGrad(false)
                .build();
    }

    /** The parameter to add to the block. */
    public Parameter parameter() {
        return parameter;
    }

    /** Whether {@link #set()} was called on this array (reads the device once per loaded array). */
    public boolean isSet() {
        NDArray array = parameter.getArray();
        if (array == knownSet) {
            return true;
        }
        if (array.getFloat() != 0f) {
            knownSet = array;
            return true;
        }
        return false;
    }

    /** Records the event. */
    public void set() {
        NDArray array = parameter.getArray();
        try (NDArray alias = array.stopGradient()) {
            alias.muli(0).addi(1);
        }
        knownSet = array;
    }
}
