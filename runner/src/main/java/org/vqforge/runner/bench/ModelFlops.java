package org.vqforge.runner.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * The floating-point operations of a network's convolutions and linear layers, counted from the
 * input shape each layer was initialised with (a multiply-add is 2 operations). A training step
 * costs each layer its forward pass once and twice more backward (the gradient of its input and of
 * its weights), except the first layer, whose input (the images) needs no gradient.
 * Element-wise work (activations, additions, the optimiser) and the quantizer's search are not
 * counted.
 */
public final class ModelFlops {

    private ModelFlops() {}

    /** Forward operations of each convolution and linear layer, in order, for the initialised batch. */
    public static List<Long> forwardPerLayer(Block network) {
        List<Long> layers = new ArrayList<>();
        collect(network, layers);
        return layers;
    }

    /**
     * Operations of one training step per item of the initialised batch, for networks run in
     * order (encoder, then decoder): 3 x forward, less the first layer's input gradient.
     */
    public static long trainingPerItem(long batch, Block... networks) {
        long total = 0;
        long first = -1;
        for (Block network : networks) {
            for (long layer : forwardPerLayer(network)) {
                if (first < 0) {
                    first = layer;
                }
                total += 3 * layer;
            }
        }
        return (total - Math.max(first, 0)) / batch;
    }

    private static void collect(Block block, List<Long> layers) {
        if (block instanceof Convolution conv) {
            Shape in = conv.getInputShapes()[0];
            Shape out = conv.getOutputShapes(new Shape[] {in})[0];
            long perOutput = in.get(1) / conv.getGroups() * conv.getKernelShape().size();
            layers.add(2 * out.size() * perOutput);
        } else if (block instanceof Linear linear) {
            Shape in = linear.getInputShapes()[0];
            Shape out = linear.getOutputShapes(new Shape[] {in})[0];
            layers.add(2 * out.size() * in.get(in.dimension() - 1));
        }
        for (Block child : block.getChildren().values()) {
            collect(child, layers);
        }
    }
}
