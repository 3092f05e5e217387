package org.vqforge.architectures.vqgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.vqforge.architectures.layers.GroupNorm;
import org.vqforge.architectures.layers.Swish;
import org.vqforge.architectures.layers.TorchConv;

/**
 * taming-transformers' {@code ResnetBlock}: shortcut(x) + conv2(dropout(swish(norm2(conv1(
 * swish(norm1(x))))))), both convolutions 3x3; the shortcut is a 1x1 convolution when the
 * channels change, the identity otherwise.
 */
final class ResnetBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int in;
    private final int out;
    private final Block body;
    private final Block shortcut;

    ResnetBlock(int in, int out, double dropout, int maxGroups) {
        super(VERSION);
        this.in = in;
        this.out = out;
        SequentialBlock layers = new SequentialBlock()
                .add(GroupNorm.forChannels(in, maxGroups))
                .add(Swish.block())
                .add(TorchConv.of(in, out, 3, 1, 1))
                .add(GroupNorm.forChannels(out, maxGroups))
                .add(Swish.block());
        if (dropout > 0) {
            layers.add(Dropout.builder().optRate((float) dropout).build());
        }
        layers.add(TorchConv.of(out, out, 3, 1, 1));
        this.body = addChildBlock("body", layers);
        this.shortcut = in == out ? null : addChildBlock("nin_shortcut", TorchConv.of(in, out, 1, 1, 0));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray h = body.forward(parameterStore, inputs, training, params).singletonOrThrow();
        NDArray x = shortcut == null
                ? inputs.singletonOrThrow()
                : shortcut.forward(parameterStore, inputs, training, params).singletonOrThrow();
        return new NDList(x.add(h));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        check(inputShapes[0]);
        body.initialize(manager, dataType, inputShapes);
        if (shortcut != null) {
            shortcut.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = check(inputShapes[0]);
        return new Shape[] {new Shape(s.get(0), out, s.get(2), s.get(3))};
    }

    private Shape check(Shape shape) {
        if (shape.dimension() != 4 || shape.get(1) != in) {
            throw new IllegalArgumentException("a residual block from " + in + " channels needs (B, " + in
                    + ", H, W), got " + shape);
        }
        return shape;
    }
}
