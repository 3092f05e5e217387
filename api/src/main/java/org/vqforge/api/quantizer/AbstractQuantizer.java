package org.vqforge.api.quantizer;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DJL {@link ai.djl.nn.Block} side of a quantizer, so a plugin writes only {@link #quantize}
 * and {@link #lookup}: the block form maps latents to (quantized, indices, total loss), checks
 * the input shape at initialisation and reports output shapes from {@link #indexShape}.
 *
 * <p>Parameters are used in place (one device), so state updates made in {@code quantize} reach
 * them.
 */
public abstract class AbstractQuantizer extends AbstractBlock implements Quantizer {

    /** The channels of the latents it quantizes. */
    protected final int dimension;

    protected AbstractQuantizer(byte version, int dimension) {
        super(version);
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        this.dimension = dimension;
    }

    @Override
    public final int dimension() {
        return dimension;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        QuantizerOutput out = quantize(inputs.singletonOrThrow(),
                training ? new StepInfo(true, 0, 1) : StepInfo.evaluation());
        return new NDList(out.quantized(), out.indices(), out.totalLoss());
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape latents = inputShapes[0];
        if (latents.dimension() != 4 || latents.get(1) != dimension()) {
            throw new IllegalArgumentException("expected latents (B, " + dimension() + ", H, W), got " + latents);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape latents = inputShapes[0];
        return new Shape[] {latents, indexShape(latents), new Shape()};
    }
}
