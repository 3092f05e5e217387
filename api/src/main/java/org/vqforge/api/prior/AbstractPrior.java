package org.vqforge.api.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DJL {@link ai.djl.nn.Block} side of a prior, so a plugin writes {@link #logits} (and its
 * child blocks' initialisation): the block form maps {@code NDList(tokens)} or {@code
 * NDList(tokens, classes)} to {@code NDList(logits)}, checks the input shape at initialisation
 * and reports the output shape.
 */
public abstract class AbstractPrior extends AbstractBlock implements Prior {

    /** The sequences it models. */
    protected final TokenLayout layout;

    protected AbstractPrior(byte version, TokenLayout layout) {
        super(version);
        this.layout = layout;
    }

    @Override
    public final TokenLayout layout() {
        return layout;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray classes = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(logits(parameterStore, inputs.get(0), classes, training));
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        checkTokens(inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkTokens(inputShapes[0]);
        return new Shape[] {new Shape(inputShapes[0].get(0), layout.length(), layout.codebookSize())};
    }

    /**
     * Fails unless {@code tokens} is (B, layout.length()).
     *
     * @throws IllegalArgumentException naming the expected shape
     */
    protected final void checkTokens(Shape tokens) {
        if (tokens.dimension() != 2 || tokens.get(1) != layout.length()) {
            throw new IllegalArgumentException("expected tokens (B, " + layout.length() + ") for " + layout
                    + ", got " + tokens);
        }
    }
}
