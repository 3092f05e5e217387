package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.vqforge.architectures.layers.TorchConv;

/**
 * One gated PixelCNN layer (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN
 * Decoders", figure 2): a vertical and a horizontal stack, each gated as tanh(a) * sigmoid(b), the
 * vertical stack's pre-activation shifted down one row and fed into the horizontal one (so the
 * horizontal stack sees every row above, with no blind spot), a class bias on both, and a residual
 * connection on the horizontal stack after the first layer.
 */
final class GatedLayer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final boolean first;
    private final MaskedConv2d vertical;
    private final MaskedConv2d horizontal;
    private final AbstractBlock link;
    private final AbstractBlock output;
    private final EmbeddingTable classBias;

    /**
     * @param in input channels of both stacks
     * @param channels output channels of both stacks
     * @param kernel the masked convolutions' (odd) width
     * @param first whether this is the first layer (mask A, no residual)
     * @param classRows rows of the class-bias table (classes + 1)
     */
    GatedLayer(int in, int channels, int kernel, boolean first, int classRows) {
        super(VERSION);
        this.channels = channels;
        this.first = first;
        this.vertical = addChildBlock("v", new MaskedConv2d(MaskedConv2d.Kind.VERTICAL, in, 2 * channels, kernel));
        this.horizontal = addChildBlock("h", new MaskedConv2d(
                first ? MaskedConv2d.Kind.HORIZONTAL_A : MaskedConv2d.Kind.HORIZONTAL_B, in, 2 * channels, kernel));
        this.link = addChildBlock("v_to_h", TorchConv.of(2 * channels, 2 * channels, 1, 1, 0));
        this.output = addChildBlock("h_out", TorchConv.of(channels, channels, 1, 1, 0));
        this.classBias = addChildBlock("class_bias", new EmbeddingTable(classRows, 4 * channels));
    }

    /**
     * The layer on the stacks v and h (B, in, H, W) for rows of {@code classes} (B): the new (v,
     * h), each (B, channels, H, W).
     */
    NDArray[] apply(ParameterStore parameters, NDArray v, NDArray h, NDArray classes, boolean training) {
        long batch = v.getShape().get(0);
        NDArray bias = classBias.lookup(parameters, classes, training).reshape(batch, 4 * channels, 1, 1)
                .toType(v.getDataType(), false);
        NDArray vPre = run(vertical, parameters, v, training);
        NDArray hPre = run(horizontal, parameters, h, training)
                .add(run(link, parameters, shiftDown(vPre), training));
        NDArray vOut = gate(vPre.add(bias.get(new NDIndex(":, :{}", 2 * channels))));
        NDArray gated = gate(hPre.add(bias.get(new NDIndex(":, {}:", 2 * channels))));
        NDArray hOut = run(output, parameters, gated, training);
        return new NDArray[] {vOut, first ? hOut : h.add(hOut)};
    }

    /** Row i of the result is row i - 1 of x (row 0 is zero): the rows strictly above. */
    static NDArray shiftDown(NDArray x) {
        Shape s = x.getShape();
        NDArray top = x.getManager().zeros(new Shape(s.get(0), s.get(1), 1, s.get(3)), x.getDataType());
        return s.get(2) == 1 ? top : top.concat(x.get(new NDIndex(":, :, :{}, :", s.get(2) - 1)), 2);
    }

    private NDArray gate(NDArray x) {
        NDArray a = x.get(new NDIndex(":, :{}", channels));
        NDArray b = x.get(new NDIndex(":, {}:", channels));
        return a.tanh().mul(Activation.sigmoid(b));
    }

    private static NDArray run(AbstractBlock block, ParameterStore parameters, NDArray x, boolean training) {
        return block.forward(parameters, new NDList(x), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray[] out = apply(parameterStore, inputs.get(0), inputs.get(1), inputs.get(2), training);
        return new NDList(out[0], out[1]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape pre = new Shape(x.get(0), 2 * channels, x.get(2), x.get(3));
        vertical.initialize(manager, dataType, x);
        horizontal.initialize(manager, dataType, x);
        link.initialize(manager, dataType, pre);
        output.initialize(manager, dataType, new Shape(x.get(0), channels, x.get(2), x.get(3)));
        classBias.initialize(manager, dataType, new Shape(x.get(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape out = new Shape(x.get(0), channels, x.get(2), x.get(3));
        return new Shape[] {out, out};
    }
}
