package org.vqforge.architectures.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** x + body(x), for a body that keeps the shape of its input. */
public final class ResidualBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block body;

    public ResidualBlock(Block body) {
        super(VERSION);
        this.body = addChildBlock("body", body);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray residual = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(x.add(residual));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        body.initialize(manager, dataType, inputShapes);
        getOutputShapes(inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = body.getOutputShapes(inputShapes)[0];
        if (!out.equals(inputShapes[0])) {
            throw new IllegalArgumentException("the body maps " + inputShapes[0] + " to " + out
                    + "; a residual needs the same shape");
        }
        return new Shape[] {inputShapes[0]};
    }
}
