package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm decoder layer (GPT-2): x + drop(attn(LN(x))), then x + drop(MLP(LN(x))) with a
 * GELU MLP of 4 * dim hidden units.
 */
final class TransformerLayer extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final int MLP_RATIO = 4;

    private final float dropout;
    private final Block attentionNorm;
    private final CausalSelfAttention attention;
    private final Block mlpNorm;
    private final Block hidden;
    private final Block projection;

    TransformerLayer(int dim, int heads, boolean rotary, float dropout) {
        super(VERSION);
        this.dropout = dropout;
        this.attentionNorm = addChildBlock("ln1", new LastAxisNorm(dim));
        this.attention = addChildBlock("attn", new CausalSelfAttention(dim, heads, rotary));
        this.mlpNorm = addChildBlock("ln2", new LastAxisNorm(dim));
        this.hidden = addChildBlock("fc1", Linear.builder().setUnits((long) MLP_RATIO * dim).build());
        this.projection = addChildBlock("fc2", Linear.builder().setUnits(dim).build());
    }

    /** The layer over positions {@code offset, ...} of x (B, T, dim); see {@link CausalSelfAttention#attend}. */
    NDArray apply(ParameterStore parameters, NDArray x, int offset, KeyValueCache cache, boolean training) {
        NDArray attended = attention.attend(parameters, run(attentionNorm, parameters, x, training), offset, cache,
                training);
        NDArray h = x.add(drop(attended, training));
        NDArray mlp = run(projection, parameters,
                Activation.gelu(run(hidden, parameters, run(mlpNorm, parameters, h, training), training)), training);
        return h.add(drop(mlp, training));
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    }

    static NDArray run(Block block, ParameterStore parameters, NDArray x, boolean training) {
        return block.forward(parameters, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(apply(parameterStore, inputs.singletonOrThrow(), 0, null, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        attentionNorm.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, x);
        mlpNorm.initialize(manager, dataType, x);
        hidden.initialize(manager, dataType, x);
        projection.initialize(manager, dataType, hidden.getOutputShapes(new Shape[] {x})[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
