package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/** {@link Prior#startUncached}: the teacher-forced logits over the prefix, recomputed per step. */
final class RecomputedGeneration implements Generation {

    private final Prior prior;
    private final ParameterStore parameters;
    private final NDArray classes;
    private final NDManager manager;
    private final int batch;
    private final int length;
    private final int[] tokens;
    private int position;

    RecomputedGeneration(Prior prior, ParameterStore parameters, NDArray classes, NDManager manager) {
        this.prior = prior;
        this.parameters = parameters;
        this.classes = classes;
        this.manager = manager;
        this.batch = Generations.batchOf(classes);
        this.length = prior.layout().length();
        this.tokens = new int[batch * length];
    }

    @Override
    public NDArray next(NDArray drawn) {
        Generations.checkStep(position, length, drawn, batch);
        if (drawn != null) {
            int[] values;
            try (NDArray asInt = drawn.toType(DataType.INT32, true)) {
                values = asInt.toIntArray();
            }
            for (int b = 0; b < batch; b++) {
                tokens[b * length + position - 1] = values[b];
            }
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray prefix = step.create(tokens, new Shape(batch, length));
            NDArray logits = prior.logits(parameters, prefix, classes, false);
            NDArray next = logits.get(new NDIndex(":, {}, :", position)).toType(DataType.FLOAT32, false);
            next.attach(manager);
            position++;
            return next;
        }
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public void close() {
        // holds no native memory between steps
    }
}
