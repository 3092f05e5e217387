package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** {@link Prior#startUncached}: the teacher-forced logits over the prefix, recomputed per step. */
final class RecomputedGeneration extends AbstractGeneration {

    private final Prior prior;
    private final ParameterStore parameters;
    private final NDArray classes;
    private final int length;
    private final int[] tokens;

    RecomputedGeneration(Prior prior, ParameterStore parameters, NDArray classes, NDManager manager) {
        super(classes, prior.layout().length(), manager);
        this.prior = prior;
        this.parameters = parameters;
        this.classes = classes;
        this.length = prior.layout().length();
        this.tokens = new int[batch() * length];
    }

    @Override
    protected NDArray step(NDArray drawn, int position, NDManager step) {
        if (drawn != null) {
            NDArray asInt = drawn.toType(DataType.INT32, true);
            asInt.attach(step);
            int[] values = asInt.toIntArray();
            for (int b = 0; b < values.length; b++) {
                tokens[b * length + position - 1] = values[b];
            }
        }
        NDArray prefix = step.create(tokens, new Shape(batch(), length));
        return prior.logits(parameters, prefix, classes, false).get(new NDIndex(":, {}, :", position));
    }
}
