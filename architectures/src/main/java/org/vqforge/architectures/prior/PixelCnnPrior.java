package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.api.prior.AbstractPrior;
import org.vqforge.api.prior.TokenLayout;

/**
 * A gated PixelCNN over the H x W grid of positions, as the VQ-VAE paper's prior (van den Oord et
 * al. 2017) with the gated, blind-spot-free stacks of van den Oord et al. 2016.
 *
 * <p>Planes: each position's {@code planes} tokens are embedded (a table per plane) and
 * concatenated into the grid's input channels. The masked stacks give each position features of
 * the earlier positions only; the head then predicts the position's planes in order, plane p from
 * those features plus the embeddings of planes {@code < p} of the same position (a sum, through a
 * second table per plane) and a learned bias of plane p. That is the sequence order of {@link
 * TokenLayout}: position-major, plane-minor.
 *
 * <p>Sampling has no cache: each step recomputes the grid ({@link #startUncached}), which is cheap
 * for grids of a few dozen positions.
 */
final class PixelCnnPrior extends AbstractPrior {

    private static final byte VERSION = 1;

    private final PixelCnnSpec spec;
    private final EmbeddingTable inputs;
    private final List<GatedLayer> layers = new ArrayList<>();
    private final Block features;
    private final EmbeddingTable earlierPlanes;
    private final EmbeddingTable planeBias;
    private final Block head;

    PixelCnnPrior(PixelCnnSpec spec, TokenLayout layout) {
        super(VERSION, layout);
        this.spec = spec;
        int c = spec.channels();
        int planes = layout.planes();
        this.inputs = addChildBlock("tokens", new EmbeddingTable(planes * layout.codebookSize(), c));
        for (int i = 0; i < spec.layers(); i++) {
            layers.add(addChildBlock("gated" + i,
                    new GatedLayer(i == 0 ? planes * c : c, c, spec.kernel(), i == 0, layout.classes() + 1)));
        }
        this.features = addChildBlock("features", Linear.builder().setUnits(c).build());
        this.earlierPlanes = planes == 1 ? null
                : addChildBlock("earlier_planes", new EmbeddingTable(planes * layout.codebookSize(), c));
        this.planeBias = planes == 1 ? null : addChildBlock("plane_bias", new EmbeddingTable(planes, c));
        this.head = addChildBlock("head", Linear.builder().setUnits(layout.codebookSize()).build());
    }

    @Override
    public NDArray logits(ParameterStore parameters, NDArray tokenIds, NDArray classIds, boolean training) {
        NDArray rows = ClassCondition.resolve(layout, tokenIds, classIds, spec.classDropout(), training);
        NDManager manager = tokenIds.getManager();
        long batch = tokenIds.getShape().get(0);
        int h = layout.height();
        int w = layout.width();
        int planes = layout.planes();
        int c = spec.channels();
        // (B, H, W, P): each plane's tokens in its own rows of the tables
        NDArray ids = tokenIds.toType(DataType.INT32, false).reshape(batch, h, w, planes)
                .add(Constants.positions(manager, 0, planes, planes).mul(layout.codebookSize()));
        NDArray grid = Constants.requireFloat32(inputs.lookup(parameters, ids, training))
                .reshape(batch, h, w, (long) planes * c)
                .transpose(0, 3, 1, 2);
        NDArray v = grid;
        NDArray hs = grid;
        for (GatedLayer layer : layers) {
            NDArray[] out = layer.apply(parameters, v, hs, rows, training);
            v = out[0];
            hs = out[1];
        }
        // (B, H, W, 1, C): features of the earlier positions, one row per plane to predict
        NDArray z = run(features, parameters, Activation.relu(hs.transpose(0, 2, 3, 1)), training).expandDims(3);
        if (planes > 1) {
            NDArray same = earlierPlanes.lookup(parameters, ids, training);
            // plane p sees the sum over planes q < p of the same position: shifted by one plane,
            // then summed (exact, unlike subtracting plane p from an inclusive sum)
            NDArray none = manager.zeros(new Shape(batch, h, w, 1, c), same.getDataType());
            NDArray earlier = none.concat(same.get(new NDIndex(":, :, :, :{}, :", planes - 1)), 3).cumSum(3);
            z = z.add(earlier)
                    .add(planeBias.lookup(parameters, Constants.positions(manager, 0, planes, planes), training));
        }
        NDArray logits = run(head, parameters, Activation.relu(z), training);
        return logits.reshape(batch, layout.length(), layout.codebookSize());
    }

    private static NDArray run(Block block, ParameterStore parameters, NDArray x, boolean training) {
        return TransformerLayer.run(block, parameters, x, training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        int c = spec.channels();
        inputs.initialize(manager, dataType, inputShapes[0]);
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).initialize(manager, dataType,
                    new Shape(batch, i == 0 ? (long) layout.planes() * c : c, layout.height(), layout.width()));
        }
        Shape channelsLast = new Shape(batch, layout.height(), layout.width(), 1, c);
        features.initialize(manager, dataType, channelsLast);
        if (earlierPlanes != null) {
            earlierPlanes.initialize(manager, dataType, inputShapes[0]);
            planeBias.initialize(manager, dataType, new Shape(layout.planes()));
        }
        head.initialize(manager, dataType, channelsLast);
    }
}
