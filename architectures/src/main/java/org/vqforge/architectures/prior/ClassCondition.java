package org.vqforge.architectures.prior;

import org.vqforge.api.plugin.ParameterSpec;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.vqforge.api.prior.TokenLayout;

/** Input checks and the class handling both priors share. */
final class ClassCondition {

    /** The parameter both priors train classifier-free guidance with, as they declare it. */
    static final ParameterSpec DROPOUT = ParameterSpec.halfOpen("classDropout", 0.1, 0, 1, "probability of training "
            + "on 'no class' instead of the class, so that sampling can use classifier-free guidance (ignored by "
            + "unconditional priors)");

    private ClassCondition() {}

    /**
     * The class of each row as int32 (B): {@code classes} checked against the layout, "no class"
     * for every row when null, and in training each class replaced by "no class" with probability
     * {@code dropout} (classifier-free guidance; the draw uses the engine's seeded generator).
     *
     * @throws IllegalArgumentException when tokens are not (B, L) in [0, codebookSize) or classes
     *     not (B) in [0, classes]
     */
    static NDArray resolve(TokenLayout layout, NDArray tokens, NDArray classes, double dropout, boolean training) {
        Shape shape = tokens.getShape();
        if (shape.dimension() != 2 || shape.get(1) != layout.length()) {
            throw new IllegalArgumentException("expected tokens (B, " + layout.length() + "), got " + shape);
        }
        checkRange("tokens", tokens, layout.codebookSize() - 1);
        NDManager manager = tokens.getManager();
        long batch = shape.get(0);
        if (classes == null) {
            return manager.full(new Shape(batch), layout.noClass(), DataType.INT32);
        }
        if (classes.getShape().dimension() != 1 || classes.getShape().get(0) != batch) {
            throw new IllegalArgumentException("expected classes (" + batch + "), got " + classes.getShape());
        }
        checkRange("classes", classes, layout.noClass());
        // a copy on the tokens' manager: what is computed from it is freed with the tokens' step
        NDArray ids = classes.toType(DataType.INT32, true);
        ids.attach(manager);
        if (!training || dropout <= 0 || !layout.conditional()) {
            return ids;
        }
        NDArray dropped = manager.randomUniform(0, 1, new Shape(batch)).lt(dropout);
        return NDArrays.where(dropped, manager.full(new Shape(batch), layout.noClass(), DataType.INT32), ids);
    }

    private static void checkRange(String what, NDArray values, int limit) {
        if (!values.getDataType().isInteger()) {
            throw new IllegalArgumentException(what + " must be integers, got " + values.getDataType());
        }
        if (values.isEmpty()) {
            return;
        }
        long low;
        long high;
        // closed here: they would land on the values' manager, which may be the caller's
        try (NDArray min = values.min(); NDArray lowest = min.toType(DataType.INT64, true);
                NDArray max = values.max(); NDArray highest = max.toType(DataType.INT64, true)) {
            low = lowest.getLong();
            high = highest.getLong();
        }
        if (low < 0 || high > limit) {
            throw new IllegalArgumentException(what + " must lie in [0, " + limit + "], got values in [" + low + ", "
                    + high + "]");
        }
    }
}
