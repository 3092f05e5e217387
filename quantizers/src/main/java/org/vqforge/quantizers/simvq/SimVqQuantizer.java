package org.vqforge.quantizers.simvq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vqforge.api.backend.NearestCodeSearch;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.BatchMetrics;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.common.NearestCode;
import org.vqforge.quantizers.common.PointwiseLinear;
import org.vqforge.quantizers.common.StateArrays;
import org.vqforge.quantizers.common.StraightThrough;

/**
 * SimVQ (Zhu et al. 2024, "Addressing Representation Collapse in Vector Quantized Models with One
 * Linear Layer"): the codebook is a frozen random basis E (K, D), drawn once from N(0, 1/D), times
 * a learned linear map, {@code C = E W + b}. Nearest code, losses and straight-through gradient
 * are VQ-VAE's, with C as the codebook; the codebook loss reaches W and b, so every code moves at
 * each step, chosen or not, which is what keeps codes from dying.
 *
 * <p>The basis is a parameter that needs no gradient: checkpoints save it, the optimiser leaves it
 * alone. As a {@link ai.djl.nn.Block} its forward pass returns (quantized, indices, total loss).
 */
public final class SimVqQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    private final int codebookSize;
    private final float beta;
    private final Parameter basis;
    private final PointwiseLinear transform;
    private final NearestCodeSearch search;

    /**
     * @param dimension D, the channels of the latents (and of the codes)
     * @param codebookSize K
     * @param beta weight of the commitment loss
     * @param search the nearest-code search, e.g. the backend's
     */
    public SimVqQuantizer(int dimension, int codebookSize, double beta, NearestCodeSearch search) {
        super(VERSION, dimension);
        if (codebookSize < 1 || !(beta >= 0)) {
            throw new IllegalArgumentException("need codebookSize >= 1 and beta >= 0; got " + codebookSize + ", "
                    + beta);
        }
        this.codebookSize = codebookSize;
        this.beta = (float) beta;
        this.search = search;
        // the paper's nn.Embedding(K, D), normal with std D^-1/2, requires_grad False
        this.basis = addParameter(Parameter.builder()
                .setName("basis")
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(codebookSize, dimension))
                .optInitializer(new NormalInitializer((float) (1 / Math.sqrt(dimension))))
                .optRequiresGrad(false)
                .build());
        // the paper's nn.Linear(D, D): weight and bias uniform in +-1/sqrt(D)
        this.transform = new PointwiseLinear("transform", dimension, dimension);
        transform.parameters().forEach(this::addParameter);
    }

    /** The frozen (K, D) basis E. */
    public Parameter basis() {
        return basis;
    }

    /** The learned map W (stored (in, out)) and bias b. */
    public List<Parameter> transform() {
        return transform.parameters();
    }

    /** The commitment weight. */
    public float beta() {
        return beta;
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    /**
     * The (K, D) codebook {@code E W + b} on {@code latents}' manager, differentiable in W and b.
     */
    public NDArray codebook(NDArray like) {
        return transform.apply(StateArrays.view(basis.getArray(), like.getManager()));
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        NDArray rows = LatentLayout.toRows(latents, dimension);
        NDArray codes = codebook(latents);
        NDArray indices = search.nearest(rows, codes).reshape(LatentLayout.grid(latents.getShape()));
        NDArray quantized = LatentLayout.channelsFirst(NearestCode.lookup(indices, codes));

        Map<String, NDArray> losses = new LinkedHashMap<>();
        // ||sg(z) - q||^2: reaches W and b through the chosen codes
        losses.put("codebook", quantized.sub(latents.stopGradient()).square().mean());
        // beta ||z - sg(q)||^2
        losses.put("commitment", EngineConstants.times(latents.sub(quantized.stopGradient()).square().mean(), beta));
        NDArray output = StraightThrough.apply(latents, quantized);
        return new QuantizerOutput(output, indices, losses, BatchMetrics.of(indices, codebookSize));
    }

    @Override
    public NDArray lookup(NDArray indices) {
        if (indices.getShape().dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + indices.getShape());
        }
        return LatentLayout.channelsFirst(NearestCode.lookup(indices.toType(DataType.INT64, false), codebook(indices)));
    }
}
