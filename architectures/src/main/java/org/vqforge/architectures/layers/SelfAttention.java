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
import org.vqforge.api.plugin.EngineConstants;

/**
 * taming-transformers' {@code AttnBlock}: single-head self-attention over the H*W positions of a
 * feature map. x + proj_out(attend(q, k, v)), where q, k, v are 1x1 convolutions of GroupNorm(x)
 * and each position's output is the softmax(q.k / sqrt(C))-weighted mean of the values.
 */
public final class SelfAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Block norm;
    private final Block query;
    private final Block key;
    private final Block value;
    private final Block projection;

    /**
     * @param channels the input's channels (also q, k and v's)
     * @param maxGroups groups of the normalisation, reduced to a divisor of the channels
     */
    public SelfAttention(int channels, int maxGroups) {
        super(VERSION);
        this.channels = channels;
        this.norm = addChildBlock("norm", GroupNorm.forChannels(channels, maxGroups));
        this.query = addChildBlock("q", TorchConv.of(channels, channels, 1, 1, 0));
        this.key = addChildBlock("k", TorchConv.of(channels, channels, 1, 1, 0));
        this.value = addChildBlock("v", TorchConv.of(channels, channels, 1, 1, 0));
        this.projection = addChildBlock("proj_out", TorchConv.of(channels, channels, 1, 1, 0));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        check(shape);
        long batch = shape.get(0);
        long positions = shape.get(2) * shape.get(3);
        NDList h = norm.forward(parameterStore, inputs, training, params);
        // (B, C, HW) -> (B, HW, C); scaling q instead of the (HW x HW) scores is the same and cheaper
        NDArray q = EngineConstants.times(
                query.forward(parameterStore, h, training, params).singletonOrThrow()
                        .reshape(batch, channels, positions).transpose(0, 2, 1),
                1 / Math.sqrt(channels));
        NDArray k = key.forward(parameterStore, h, training, params).singletonOrThrow()
                .reshape(batch, channels, positions);
        NDArray v = value.forward(parameterStore, h, training, params).singletonOrThrow()
                .reshape(batch, channels, positions);
        // weights[b, i, j]: how much query position i attends to key position j; rows sum to 1
        NDArray weights = q.batchMatMul(k).softmax(2);
        NDArray attended = v.batchMatMul(weights.transpose(0, 2, 1)).reshape(shape);
        NDArray out = projection.forward(parameterStore, new NDList(attended), training, params).singletonOrThrow();
        return new NDList(x.add(out));
    }

    private void check(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != channels) {
            throw new IllegalArgumentException("attention over " + channels + " channels needs (B, " + channels
                    + ", H, W), got " + shape);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        check(inputShapes[0]);
        for (Block child : new Block[] {norm, query, key, value, projection}) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        check(inputShapes[0]);
        return new Shape[] {inputShapes[0]};
    }
}
