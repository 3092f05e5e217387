package org.vqforge.quantizers.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vqforge.api.plugin.Scaling;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.BatchMetrics;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.common.NearestCode;
import org.vqforge.quantizers.common.StraightThrough;

/**
 * Vector quantization with a learned codebook (van den Oord et al., 2017): each latent vector is
 * replaced by its nearest code; the codebook learns from the codebook loss, the encoder from the
 * commitment loss and the straight-through gradient.
 *
 * <p>As a {@link ai.djl.nn.Block} its forward pass returns (quantized, indices, total loss).
 */
public final class VqQuantizer extends AbstractBlock implements Quantizer {

    private static final byte VERSION = 1;

    private final int dimension;
    private final int codebookSize;
    private final float beta;
    private final Parameter codebook;

    /**
     * @param dimension D, the channels of the latents
     * @param codebookSize K
     * @param beta weight of the commitment loss
     */
    public VqQuantizer(int dimension, int codebookSize, double beta) {
        super(VERSION);
        if (dimension < 1 || codebookSize < 1 || !(beta >= 0)) {
            throw new IllegalArgumentException("need dimension >= 1, codebookSize >= 1, beta >= 0; got "
                    + dimension + ", " + codebookSize + ", " + beta);
        }
        this.dimension = dimension;
        this.codebookSize = codebookSize;
        this.beta = (float) beta;
        // the reference's nn.Embedding(K, D) with weight uniform in (-1/K, 1/K)
        this.codebook = addParameter(Parameter.builder()
                .setName("codebook")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(codebookSize, dimension))
                .optInitializer(new UniformInitializer(1f / codebookSize))
                .build());
    }

    /** The (K, D) codebook. */
    public Parameter codebook() {
        return codebook;
    }

    /** The commitment weight. */
    public float beta() {
        return beta;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        return quantize(latents, codebook.getArray());
    }

    @Override
    public NDArray lookup(NDArray indices) {
        if (indices.getShape().dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + indices.getShape());
        }
        NDArray codes = NearestCode.lookup(indices.toType(DataType.INT64, false), codebook.getArray());
        return LatentLayout.channelsFirst(codes);
    }

    private QuantizerOutput quantize(NDArray latents, NDArray codes) {
        LatentLayout.requireLatents(latents, dimension);
        NDArray indices = NearestCode.search(LatentLayout.toRows(latents, dimension), codes)
                .reshape(LatentLayout.grid(latents.getShape()));
        NDArray quantized = LatentLayout.channelsFirst(NearestCode.lookup(indices, codes));

        Map<String, NDArray> losses = new LinkedHashMap<>();
        // F.mse_loss(q, sg(z)): moves the chosen codes towards the latents
        losses.put("codebook", quantized.sub(latents.stopGradient()).square().mean());
        // beta * F.mse_loss(z, sg(q)): keeps the encoder close to its codes
        losses.put("commitment", Scaling.times(latents.sub(quantized.stopGradient()).square().mean(), beta));
        return new QuantizerOutput(StraightThrough.apply(latents, quantized), indices, losses,
                BatchMetrics.of(indices, codebookSize));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray latents = inputs.singletonOrThrow();
        QuantizerOutput out = quantize(latents, parameterStore.getValue(codebook, latents.getDevice(), training));
        return new NDList(out.quantized(), out.indices(), out.totalLoss());
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape latents = inputShapes[0];
        if (latents.dimension() != 4 || latents.get(1) != dimension) {
            throw new IllegalArgumentException("expected latents (B, " + dimension + ", H, W), got " + latents);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape latents = inputShapes[0];
        return new Shape[] {latents, LatentLayout.grid(latents), new Shape()};
    }
}
