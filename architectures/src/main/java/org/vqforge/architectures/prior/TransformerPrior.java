package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.api.prior.AbstractGeneration;
import org.vqforge.api.prior.AbstractPrior;
import org.vqforge.api.prior.Generation;
import org.vqforge.api.prior.TokenLayout;

/**
 * A decoder-only transformer over token sequences (GPT-2 layout, as taming-transformers' GPT over
 * VQGAN codes). Input position 0 holds the class embedding (row {@code classes} of the table is
 * "no class", a learned start token for unconditional rows); position s > 0 holds token s - 1,
 * embedded by a table per plane. Output position s predicts token s. Positions are learned
 * absolute embeddings or rotary; with rotary positions and several planes, a learned embedding of
 * the plane being predicted is added, since rotary attention alone sees only relative offsets.
 */
final class TransformerPrior extends AbstractPrior {

    private static final byte VERSION = 1;

    private final TransformerSpec spec;
    private final EmbeddingTable tokens;
    private final EmbeddingTable classes;
    private final EmbeddingTable positions;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final Block finalNorm;
    private final Block head;

    TransformerPrior(TransformerSpec spec, TokenLayout layout) {
        super(VERSION, layout);
        this.spec = spec;
        this.tokens = addChildBlock("tokens", new EmbeddingTable(layout.planes() * layout.codebookSize(), spec.dim()));
        this.classes = addChildBlock("classes", new EmbeddingTable(layout.classes() + 1, spec.dim()));
        int positionRows = spec.rotary() ? (layout.planes() > 1 ? layout.planes() : 0) : layout.length();
        this.positions = positionRows == 0 ? null
                : addChildBlock(spec.rotary() ? "planes" : "positions", new EmbeddingTable(positionRows, spec.dim()));
        for (int i = 0; i < spec.layers(); i++) {
            layers.add(addChildBlock("layer" + i,
                    new TransformerLayer(spec.dim(), spec.heads(), spec.rotary(), (float) spec.dropout())));
        }
        this.finalNorm = addChildBlock("ln_f", new LastAxisNorm(spec.dim()));
        this.head = addChildBlock("head", Linear.builder().setUnits(layout.codebookSize()).build());
    }

    @Override
    public NDArray logits(ParameterStore parameters, NDArray tokenIds, NDArray classIds, boolean training) {
        NDArray rows = ClassCondition.resolve(layout, tokenIds, classIds, spec.classDropout(), training);
        int length = layout.length();
        NDArray start = Constants.requireFloat32(classes.lookup(parameters, rows, training)).expandDims(1);
        NDArray x = start;
        if (length > 1) {
            // inputs 1..L-1 are tokens 0..L-2, each in its plane's table
            NDArray previous = tokenIds.get(new NDIndex(":, :{}", length - 1)).toType(DataType.INT32, false);
            NDArray planeOffsets = Constants.positions(tokenIds.getManager(), 0, length - 1, layout.planes())
                    .mul(layout.codebookSize());
            x = start.concat(tokens.lookup(parameters, previous.add(planeOffsets), training), 1);
        }
        return decode(parameters, x, 0, null, training);
    }

    /**
     * Positions, layers and head over inputs x (B, T, dim) at positions offset..offset+T-1: logits
     * (B, T, codebookSize).
     */
    private NDArray decode(ParameterStore parameters, NDArray x, int offset, List<KeyValueCache> caches,
            boolean training) {
        int t = Math.toIntExact(x.getShape().get(1));
        if (positions != null) {
            NDArray ids = Constants.positions(x.getManager(), offset, t, positions.rows());
            x = x.add(positions.lookup(parameters, ids, training).toType(x.getDataType(), false));
        }
        if (training && spec.dropout() > 0) {
            x = Dropout.dropout(x, (float) spec.dropout(), true).singletonOrThrow();
        }
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).apply(parameters, x, offset, caches == null ? null : caches.get(i), training);
        }
        return TransformerLayer.run(head, parameters, TransformerLayer.run(finalNorm, parameters, x, training),
                training);
    }

    @Override
    public Generation start(ParameterStore parameters, NDArray classIds, NDManager manager) {
        return new Cached(parameters, classIds, manager);
    }

    /** One position per step, attending to the keys and values cached for the earlier ones. */
    private final class Cached extends AbstractGeneration {

        private final ParameterStore parameters;
        private final NDArray rows;
        private final NDManager state;
        private final List<KeyValueCache> caches = new ArrayList<>();

        Cached(ParameterStore parameters, NDArray classIds, NDManager manager) {
            super(classIds, layout.length(), manager);
            this.parameters = parameters;
            this.state = manager.newSubManager();
            try (NDArray dummy = state.zeros(new Shape(batch(), layout.length()), DataType.INT32)) {
                this.rows = ClassCondition.resolve(layout, dummy, classIds, 0, false);
                rows.attach(state);
            }
            for (int i = 0; i < layers.size(); i++) {
                caches.add(new KeyValueCache(state));
            }
        }

        @Override
        protected NDArray step(NDArray drawn, int position, NDManager step) {
            NDArray x;
            if (position == 0) {
                x = classes.lookup(parameters, rows, false);
            } else {
                NDArray asInt = drawn.toType(DataType.INT32, true);
                asInt.attach(step);
                NDArray id = asInt.add((position - 1) % layout.planes() * layout.codebookSize());
                x = tokens.lookup(parameters, id, false);
            }
            x.attach(step);
            Constants.requireFloat32(x);
            return decode(parameters, x.expandDims(1), position, caches, false)
                    .reshape(batch(), layout.codebookSize());
        }

        @Override
        public void close() {
            state.close();
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), layout.length(), spec.dim());
        tokens.initialize(manager, dataType, inputShapes[0]);
        classes.initialize(manager, dataType, new Shape(inputShapes[0].get(0)));
        if (positions != null) {
            positions.initialize(manager, dataType, new Shape(layout.length()));
        }
        for (TransformerLayer layer : layers) {
            layer.initialize(manager, dataType, x);
        }
        finalNorm.initialize(manager, dataType, x);
        head.initialize(manager, dataType, x);
    }
}
