package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * A table of {@code rows} learned vectors of {@code dim} values, looked up by integer index
 * (tokens, classes, positions). Initialised N(0, 0.02) as in GPT-2.
 */
final class EmbeddingTable extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int rows;
    private final int dim;
    private final Parameter weight;

    EmbeddingTable(int rows, int dim) {
        super(VERSION);
        this.rows = rows;
        this.dim = dim;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(rows, dim)).optInitializer(new NormalInitializer(0.02f)).build());
    }

    /** The vectors of {@code indices} (any shape, integers in [0, rows)): shape indices + (dim). */
    NDArray lookup(ParameterStore parameters, NDArray indices, boolean training) {
        NDArray table = parameters.getValue(weight, indices.getDevice(), training);
        NDArray ids = indices.getDataType() == DataType.INT64 ? indices : indices.toType(DataType.INT64, false);
        // the result lands on the indices' manager: freed with the step
        return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    }

    int rows() {
        return rows;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(lookup(parameterStore, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // the table's shape is fixed at construction
    }
}
