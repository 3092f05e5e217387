package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.vqforge.api.plugin.EngineConstants;

/**
 * Multi-head causal self-attention over (B, T, dim): q, k, v and the output projection are
 * {@code Linear(dim, dim)}; each head attends with softmax(q.k / sqrt(headDim)) to its own and
 * earlier positions only (an additive -inf mask), optionally with rotary positions on q and k.
 * With a {@link KeyValueCache} it attends to the cached earlier positions too and appends its own
 * keys and values, which is how sampling computes one position at a time.
 */
final class CausalSelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int dim;
    private final int heads;
    private final boolean rotary;
    private final Block query;
    private final Block key;
    private final Block value;
    private final Block output;

    CausalSelfAttention(int dim, int heads, boolean rotary) {
        super(VERSION);
        if (heads < 1 || dim % heads != 0 || (rotary && (dim / heads) % 2 != 0)) {
            throw new IllegalArgumentException("heads " + heads + " must divide dim " + dim
                    + (rotary ? " into an even head size (rotary positions)" : ""));
        }
        this.dim = dim;
        this.heads = heads;
        this.rotary = rotary;
        this.query = addChildBlock("q", Linear.builder().setUnits(dim).build());
        this.key = addChildBlock("k", Linear.builder().setUnits(dim).build());
        this.value = addChildBlock("v", Linear.builder().setUnits(dim).build());
        this.output = addChildBlock("out", Linear.builder().setUnits(dim).build());
    }

    /**
     * Attends from the positions {@code offset, ..., offset + T - 1} of {@code x} (B, T, dim).
     *
     * @param cache the keys and values of positions {@code [0, offset)}, extended here; null when
     *     {@code offset} is 0 and nothing is kept
     */
    NDArray attend(ParameterStore parameters, NDArray x, int offset, KeyValueCache cache, boolean training) {
        int t = Math.toIntExact(x.getShape().get(1));
        NDArray q = heads(project(query, parameters, x, training));
        NDArray k = heads(project(key, parameters, x, training));
        NDArray v = heads(project(value, parameters, x, training));
        if (rotary) {
            q = Rotary.rotate(q, offset);
            k = Rotary.rotate(k, offset);
        }
        if (cache != null) {
            NDArray[] all = cache.append(k, v);
            k = all[0];
            v = all[1];
        }
        int keys = Math.toIntExact(k.getShape().get(2));
        // scaling q instead of the (T x keys) scores is the same and cheaper
        NDArray keysT = k.transpose(0, 1, 3, 2);
        // a view of cached keys lands on the cache's manager: free it with the step
        keysT.attach(x.getManager());
        NDArray scores = EngineConstants.times(q, 1 / Math.sqrt(dim / heads)).matMul(keysT);
        try (NDArray mask = causalMask(x.getManager(), offset, t, keys).toType(scores.getDataType(), false)) {
            scores = scores.add(mask);
        }
        NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(x.getShape().get(0), t, dim);
        return project(output, parameters, attended, training);
    }

    /**
     * (1, 1, T, keys): 0 where query row i (position offset + i) may see key j (j <= offset + i),
     * -inf elsewhere.
     */
    static NDArray causalMask(NDManager manager, int offset, int queries, int keys) {
        float[] mask = new float[queries * keys];
        for (int i = 0; i < queries; i++) {
            for (int j = offset + i + 1; j < keys; j++) {
                mask[i * keys + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return Constants.floats(manager, mask, new Shape(1, 1, queries, keys));
    }

    private static NDArray project(Block linear, ParameterStore parameters, NDArray x, boolean training) {
        return linear.forward(parameters, new NDList(x), training).singletonOrThrow();
    }

    /** (B, T, dim) to (B, heads, T, headDim). */
    private NDArray heads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, dim / heads).transpose(0, 2, 1, 3);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(attend(parameterStore, inputs.singletonOrThrow(), 0, null, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : new Block[] {query, key, value, output}) {
            child.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
