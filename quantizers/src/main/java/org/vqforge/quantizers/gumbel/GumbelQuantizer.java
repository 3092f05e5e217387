package org.vqforge.quantizers.gumbel;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.BatchMetrics;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.common.NearestCode;
import org.vqforge.quantizers.common.StraightThrough;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.quantizers.common.PointwiseLinear;

/**
 * Gumbel-softmax quantization (as in DALL-E's dVAE and taming-transformers' GumbelQuantize): a
 * learned 1x1 projection gives K logits per latent vector; in training the code weights are
 * softmax((logits + g) / tau) with Gumbel noise g, and the output is the weighted sum of the K
 * learned codes (or, with {@code hard}, the one-hot of the sampled code with the soft weights'
 * gradient). In evaluation the output is the code of argmax(logits), without noise. The index of
 * a vector is always argmax(logits).
 *
 * <p>Loss term {@code kl}: klWeight * mean over vectors of sum_k q_k log(q_k K + 1e-10), q =
 * softmax(logits): the KL divergence from the uniform prior, as in the PyTorch reference.
 */
public final class GumbelQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    /** Inside log(q K + 1e-10), as the reference: keeps the KL finite where q underflows. */
    private static final float LOG_FLOOR = 1e-10f;

    private final int codebookSize;
    private final float klWeight;
    private final boolean hard;
    private final TauSchedule tau;
    private final PointwiseLinear projection;
    private final Parameter codebook;

    /** The settings of one quantizer. */
    public record Settings(int codebookSize, double klWeight, boolean hard, TauSchedule tau) {

        public Settings {
            if (codebookSize < 1 || !(klWeight >= 0) || tau == null) {
                throw new IllegalArgumentException("need codebookSize >= 1, klWeight >= 0 and a tau schedule; got "
                        + codebookSize + ", " + klWeight + ", " + tau);
            }
        }
    }

    /**
     * @param dimension D, the channels of the latents
     * @param settings codebook size, KL weight, hard sampling and temperature schedule
     */
    public GumbelQuantizer(int dimension, Settings settings) {
        super(VERSION, dimension);
        this.codebookSize = settings.codebookSize();
        this.klWeight = (float) settings.klWeight();
        this.hard = settings.hard();
        this.tau = settings.tau();
        // the reference's nn.Conv2d(D, K, 1)
        this.projection = new PointwiseLinear("projection", dimension, codebookSize);
        projection.parameters().forEach(this::addParameter);
        // the reference's nn.Embedding(K, D), N(0, 1) by default
        this.codebook = addParameter(Parameter.builder()
                .setName("codebook")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(codebookSize, dimension))
                .optInitializer(new NormalInitializer(1f))
                .build());
    }

    /** The (K, D) codebook. */
    public Parameter codebook() {
        return codebook;
    }

    /** The projection D to K logits. */
    public PointwiseLinear projection() {
        return projection;
    }

    /** The temperature schedule. */
    public TauSchedule tau() {
        return tau;
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        NDArray noise = null;
        if (step.training()) {
            long rows = latents.getShape().get(0) * latents.getShape().get(2) * latents.getShape().get(3);
            noise = gumbelNoise(latents.getManager(), new Shape(rows, codebookSize));
        }
        return quantize(latents, step, noise);
    }

    /**
     * Standard Gumbel noise g = -log(-log u), u uniform on (0, 1), from the engine's generator
     * (which the runner seeds before each step).
     */
    static NDArray gumbelNoise(NDManager manager, Shape shape) {
        // the smallest normal float as the lower end keeps log(u) finite
        try (NDArray u = manager.randomUniform(Float.MIN_NORMAL, 1f, shape);
                NDArray minusLogU = u.log().negi()) {
            return minusLogU.log().negi();
        }
    }

    /**
     * The quantization with given noise: {@code noise} (N, K), rows in (b, h, w) order, in
     * training; null in evaluation (hard argmax, no sampling).
     */
    QuantizerOutput quantize(NDArray latents, StepInfo step, NDArray noise) {
        LatentLayout.requireLatents(latents, dimension);
        Shape grid = LatentLayout.grid(latents.getShape());
        NDArray logits = projection.apply(LatentLayout.toRows(latents, dimension));
        NDArray indices = logits.stopGradient().argMax(1);
        NDArray codes = codebook.getArray();
        NDArray rows;
        if (noise == null) {
            rows = NearestCode.lookup(indices, codes);
        } else {
            NDArray soft;
            // the temperature is saved for the backward pass: engine memory (see EngineConstants)
            try (NDArray t = EngineConstants.scalar(logits.getManager(), tau.at(step))) {
                soft = logits.add(noise).div(t).softmax(1);
            }
            NDArray weights = hard ? StraightThrough.apply(soft, soft.stopGradient().argMax(1)
                    .oneHot(codebookSize, soft.getDataType())) : soft;
            rows = weights.matMul(codes);
        }
        NDArray quantized = LatentLayout.channelsFirst(rows.reshape(grid.get(0), grid.get(1), grid.get(2), dimension));
        NDArray gridIndices = indices.reshape(grid);
        Map<String, NDArray> losses = new LinkedHashMap<>();
        try (NDArray weight = EngineConstants.scalar(logits.getManager(), klWeight)) {
            losses.put("kl", klToUniform(logits).mul(weight));
        }
        return new QuantizerOutput(quantized, gridIndices, losses, BatchMetrics.of(gridIndices, codebookSize));
    }

    /** mean over rows of sum_k q_k log(q_k K + 1e-10), q = softmax(logits). */
    private NDArray klToUniform(NDArray logits) {
        NDManager m = logits.getManager();
        // K is saved for the backward pass: engine memory (see EngineConstants)
        try (NDArray k = EngineConstants.scalar(m, codebookSize);
                NDArray floor = EngineConstants.scalar(m, LOG_FLOOR)) {
            NDArray q = logits.softmax(1);
            return q.mul(q.mul(k).add(floor).log()).sum(new int[] {1}).mean();
        }
    }

    @Override
    public NDArray lookup(NDArray indices) {
        if (indices.getShape().dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + indices.getShape());
        }
        NDArray codes = NearestCode.lookup(indices.toType(DataType.INT64, false), codebook.getArray());
        return LatentLayout.channelsFirst(codes);
    }

    /** The Block view: (latents) to (quantized, indices, kl loss); it has no step, so tau is taken at step 0. */
}
