package org.example.randomcodebook;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vqforge.api.quantizer.CodeUsage;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;

/**
 * Vector quantization against a codebook drawn once from N(0, scale^2) and never trained: each
 * latent vector is replaced by its nearest code. Only the encoder learns, through the
 * straight-through gradient and the commitment loss that pulls its outputs towards the fixed
 * codes. A baseline for how much a VQ-VAE owes to codebook learning.
 *
 * <p>A quantizer is a DJL {@link ai.djl.nn.Block}: vqf calls {@code initialize} to create its
 * parameters (here only the codebook), and saves and restores them with the model's checkpoints.
 */
public final class RandomCodebookQuantizer extends AbstractQuantizer {

    /** Stored in checkpoints; change it when the parameters change. */
    private static final byte VERSION = 1;

    private final int codebookSize;
    private final float beta;
    private final Parameter codebook;

    /**
     * @param dimension D, the channels of the latents
     * @param codebookSize K, the number of codes
     * @param beta weight of the commitment loss
     * @param scale standard deviation of the codebook entries
     */
    public RandomCodebookQuantizer(int dimension, int codebookSize, double beta, double scale) {
        super(VERSION, dimension);
        if (dimension < 1 || codebookSize < 1 || !(beta >= 0) || !(scale > 0)) {
            throw new IllegalArgumentException("need dimension >= 1, codebookSize >= 1, beta >= 0, scale > 0; got "
                    + dimension + ", " + codebookSize + ", " + beta + ", " + scale);
        }
        this.codebookSize = codebookSize;
        this.beta = (float) beta;
        this.codebook = addParameter(Parameter.builder()
                .setName("codebook")
                // OTHER rather than WEIGHT: a caller re-initialising all weights leaves it alone
                .setType(Parameter.Type.OTHER)
                .optShape(new Shape(codebookSize, dimension))
                .optInitializer(new NormalInitializer((float) scale))
                // Frozen: no gradient is recorded for it, so the optimiser (which updates the
                // parameters that require gradients) never moves it. Being a parameter, it is
                // still saved in checkpoints, so a restored model uses the same codes.
                .optRequiresGrad(false)
                .build());
    }

    /** The (K, D) codebook; its array exists once the block is initialised. */
    public Parameter codebook() {
        return codebook;
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        // A fixed codebook has no state to update, so training and evaluation are the same.
        return quantize(latents, codebook.getArray());
    }

    @Override
    public NDArray lookup(NDArray indices) {
        Shape grid = indices.getShape();
        if (grid.dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + grid);
        }
        NDArray codes = onManagerOf(indices, codebook.getArray());
        return toLatents(pick(indices.reshape(-1), codes), grid);
    }

    private QuantizerOutput quantize(NDArray latents, NDArray codebookArray) {
        Shape shape = latents.getShape();
        if (shape.dimension() != 4 || shape.get(1) != dimension) {
            throw new IllegalArgumentException("expected latents (B, " + dimension + ", H, W), got " + shape);
        }
        Shape grid = new Shape(shape.get(0), shape.get(2), shape.get(3));
        NDArray codes = onManagerOf(latents, codebookArray);

        // One latent vector per row: (B, D, H, W) -> (B, H, W, D) -> (B*H*W, D). The search is
        // not differentiated, so it runs on a detached copy and records no graph.
        NDArray rows = latents.stopGradient().transpose(0, 2, 3, 1).reshape(-1, dimension);
        NDArray indices = nearest(rows, codes);
        NDArray quantized = toLatents(pick(indices, codes), grid);

        // beta * mean((z - sg(q))^2) keeps the encoder's outputs close to their codes. A learned
        // codebook would add a codebook loss mean((sg(z) - q)^2); a fixed one has nothing to learn.
        NDArray commitment = EngineConstants.times(latents.sub(quantized.stopGradient()).square().mean(), beta);
        // Straight-through, z + sg(q - z): the value of q with the gradient of z, so the encoder
        // receives the decoder's gradient unchanged despite the non-differentiable code choice.
        NDArray output = latents.add(quantized.sub(latents).stopGradient());

        NDArray gridIndices = indices.reshape(grid);
        CodeUsage usage = CodeUsage.of(gridIndices, codebookSize);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("perplexity", usage.perplexity());
        metrics.put("usage", usage.usage());
        return new QuantizerOutput(output, gridIndices, Map.of("commitment", commitment), metrics);
    }

    /**
     * The index of each row's nearest code (squared Euclidean distance), as the argmin over k of
     * ||z||^2 - 2 z.e_k + ||e_k||^2: one (N, D) x (D, K) product instead of N x K differences.
     */
    private static NDArray nearest(NDArray rows, NDArray codes) {
        NDArray rowNorms = rows.square().sum(new int[] {1}, true); // (N, 1)
        NDArray codeNorms = codes.square().sum(new int[] {1}); // (K)
        NDArray distances = rowNorms.sub(rows.matMul(codes.transpose()).mul(2)).add(codeNorms); // (N, K)
        return distances.argMin(1); // (N), int64
    }

    /** The codes at {@code indices} (N) as rows (N, D): a one-hot row times the codebook is one code. */
    private NDArray pick(NDArray indices, NDArray codes) {
        return indices.oneHot(codebookSize, codes.getDataType()).matMul(codes);
    }

    /** Rows (B*H*W, D) back to latents (B, D, H, W). */
    private NDArray toLatents(NDArray rows, Shape grid) {
        return rows.reshape(grid.get(0), grid.get(1), grid.get(2), dimension).transpose(0, 3, 1, 2);
    }

    /**
     * The codebook on the manager of a per-step array. An op's result belongs to its FIRST
     * operand's manager, and the codebook's lives as long as the model: every op led by the
     * codebook itself would leave an array behind per step. {@code stopGradient} makes a new
     * handle on the same values (no copy); moved to the step's manager, it and every op it leads
     * are freed with the step.
     */
    private static NDArray onManagerOf(NDArray perStep, NDArray codebookArray) {
        NDArray codes = codebookArray.stopGradient();
        codes.attach(perStep.getManager());
        return codes;
    }

    /** The Block view, for DJL tools: (latents) to (quantized, indices, total loss). */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray latents = inputs.singletonOrThrow();
        NDArray codebookArray = parameterStore.getValue(codebook, latents.getDevice(), training);
        QuantizerOutput out = quantize(latents, codebookArray);
        return new NDList(out.quantized(), out.indices(), out.totalLoss());
    }
}
