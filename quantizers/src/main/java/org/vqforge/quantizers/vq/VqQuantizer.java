package org.vqforge.quantizers.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vqforge.api.backend.NearestCodeSearch;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.BatchMetrics;
import org.vqforge.quantizers.common.CodeCounts;
import org.vqforge.quantizers.common.CodebookOptions;
import org.vqforge.quantizers.common.DeadCodes;
import org.vqforge.quantizers.common.KMeans;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.common.NearestCode;
import org.vqforge.quantizers.common.OnceFlag;
import org.vqforge.quantizers.common.StateArrays;
import org.vqforge.quantizers.common.StraightThrough;
import org.vqforge.quantizers.common.UnitVectors;
import org.vqforge.quantizers.vq.VqOptions.Distance;

/**
 * Vector quantization with a learned codebook (van den Oord et al., 2017): each latent vector is
 * replaced by its nearest code; the codebook learns from the codebook loss, the encoder from the
 * commitment loss and the straight-through gradient.
 *
 * <p>Options ({@link VqOptions}): cosine distance (latents and codes l2-normalised), a factorised
 * code space (project in, quantize, project out), k-means initialisation on the first training
 * batch, dead-code restart from the running usage, and the rotation trick. Every piece of state
 * (usage, the k-means flag) is a non-gradient parameter, so checkpoints carry it; parameters exist
 * only for the options that need them, so the plain quantizer's checkpoints are the foundation's.
 *
 * <p>As a {@link ai.djl.nn.Block} its forward pass returns (quantized, indices, total loss).
 */
public final class VqQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    /** Decay of the running per-code usage that dead-code restart compares with its threshold. */
    public static final float USAGE_DECAY = 0.99f;

    private final int codebookSize;
    private final float beta;
    private final VqOptions options;
    private final int codeDimension;
    private final Parameter codebook;
    private final Projection projection;
    private final Parameter usage;
    private final OnceFlag kmeansDone;
    private final NearestCodeSearch search;

    /**
     * The plain quantizer of the foundation.
     *
     * @param dimension D, the channels of the latents
     * @param codebookSize K
     * @param beta weight of the commitment loss
     */
    public VqQuantizer(int dimension, int codebookSize, double beta) {
        this(dimension, codebookSize, beta, VqOptions.plain());
    }

    /**
     * @param dimension D, the channels of the latents
     * @param codebookSize K
     * @param beta weight of the commitment loss
     * @param options distance, code space, initialisation, restarts, gradient estimator
     */
    public VqQuantizer(int dimension, int codebookSize, double beta, VqOptions options) {
        this(dimension, codebookSize, beta, options, NearestCode.ENGINE);
    }

    /**
     * @param dimension D, the channels of the latents
     * @param codebookSize K
     * @param beta weight of the commitment loss
     * @param options distance, code space, initialisation, restarts, gradient estimator
     * @param search the nearest-code search, e.g. the backend's
     */
    public VqQuantizer(int dimension, int codebookSize, double beta, VqOptions options, NearestCodeSearch search) {
        super(VERSION, dimension);
        if (dimension < 1 || codebookSize < 1 || !(beta >= 0)) {
            throw new IllegalArgumentException("need dimension >= 1, codebookSize >= 1, beta >= 0; got "
                    + dimension + ", " + codebookSize + ", " + beta);
        }
        this.codebookSize = codebookSize;
        this.beta = (float) beta;
        this.options = options;
        this.search = search;
        this.codeDimension = options.codebookDim() > 0 ? options.codebookDim() : dimension;
        // the reference's nn.Embedding(K, D) with weight uniform in (-1/K, 1/K)
        this.codebook = addParameter(Parameter.builder()
                .setName("codebook")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(codebookSize, codeDimension))
                .optInitializer(new UniformInitializer(1f / codebookSize))
                .build());
        if (options.codebookDim() > 0) {
            this.projection = new Projection(dimension, codeDimension);
            projection.parameters().forEach(this::addParameter);
        } else {
            this.projection = null;
        }
        if (options.codebook().restartsDeadCodes()) {
            float threshold = (float) options.codebook().deadCodeThreshold();
            // starts at the threshold: a code not chosen in the first batch is restarted at once,
            // one chosen often builds up a margin
            this.usage = addParameter(Parameter.builder()
                    .setName("usage")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(codebookSize))
                    .optInitializer((manager, shape, dataType) -> manager.full(shape, threshold, dataType))
                    .optRequiresGrad(false)
                    .build());
        } else {
            this.usage = null;
        }
        if (options.codebook().kmeans()) {
            this.kmeansDone = new OnceFlag("kmeansDone");
            addParameter(kmeansDone.parameter());
        } else {
            this.kmeansDone = null;
        }
    }

    /** The (K, D) codebook, or (K, codebookDim) with a projection. */
    public Parameter codebook() {
        return codebook;
    }

    /** The commitment weight. */
    public float beta() {
        return beta;
    }

    /** The options it was built with. */
    public VqOptions options() {
        return options;
    }

    /** The running per-code usage, when dead-code restart is on. */
    Optional<Parameter> usage() {
        return Optional.ofNullable(usage);
    }

    /** The k-means flag, when k-means initialisation is on. */
    Optional<OnceFlag> kmeansDone() {
        return Optional.ofNullable(kmeansDone);
    }

    /** The projection, when codebookDim is set. */
    Optional<Projection> projection() {
        return Optional.ofNullable(projection);
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        NDArray x = projection == null ? latents : projection.in(latents);
        if (options.distance() == Distance.COSINE) {
            x = UnitVectors.normalize(x, 1);
        }
        NDArray rows = LatentLayout.toRows(x, codeDimension);
        if (step.training() && kmeansDone != null && !kmeansDone.isSet()) {
            initialiseByKMeans(rows);
        }
        NDArray codes = codesInUse(latents.getManager());
        NDArray indices = search.nearest(rows, codes).reshape(LatentLayout.grid(latents.getShape()));
        NDArray quantized = LatentLayout.channelsFirst(NearestCode.lookup(indices, codes));

        Map<String, NDArray> losses = new LinkedHashMap<>();
        // F.mse_loss(q, sg(z)): moves the chosen codes towards the latents
        losses.put("codebook", quantized.sub(x.stopGradient()).square().mean());
        // beta * F.mse_loss(z, sg(q)): keeps the encoder close to its codes
        losses.put("commitment", EngineConstants.times(x.sub(quantized.stopGradient()).square().mean(), beta));
        NDArray output = options.rotationTrick()
                ? RotationTrick.apply(x, quantized)
                : StraightThrough.apply(x, quantized);
        if (projection != null) {
            output = projection.out(output);
        }
        Map<String, Double> metrics = BatchMetrics.of(indices, codebookSize);
        if (step.training() && usage != null) {
            // after the graph is recorded: nothing in it keeps the codebook array itself (the
            // lookup keeps the indices, the cosine path a copy), so the in-place reset is safe
            restartDeadCodes(indices, rows);
        }
        return new QuantizerOutput(output, indices, losses, metrics);
    }

    @Override
    public NDArray lookup(NDArray indices) {
        if (indices.getShape().dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + indices.getShape());
        }
        NDArray codes = NearestCode.lookup(indices.toType(DataType.INT64, false), codesInUse(indices.getManager()));
        NDArray latents = LatentLayout.channelsFirst(codes);
        return projection == null ? latents : projection.out(latents);
    }

    /**
     * The codes as the search and lookup see them: the codebook itself, or for cosine distance
     * its normalised rows (of a copy, attached to {@code step}, so that resetting the codebook in
     * place later in the step does not disturb the recorded graph).
     */
    private NDArray codesInUse(NDManager step) {
        NDArray array = codebook.getArray();
        if (options.distance() == Distance.L2) {
            return array;
        }
        NDArray copy = array.duplicate();
        copy.attach(step);
        return UnitVectors.normalize(copy, 1);
    }

    /**
     * k-means on the batch's (projected, normalised) latents. The running usage stays at its
     * start: the encoder moves fast early on, and a code it leaves behind should be restarted
     * soon, not after its first-batch cluster size has decayed.
     */
    private void initialiseByKMeans(NDArray rows) {
        CodebookOptions o = options.codebook();
        KMeans.Result fitted = KMeans.fit(rows, codebookSize, o.kmeansIterations(),
                options.distance() == Distance.COSINE, search);
        StateArrays.assign(codebook.getArray(), fitted.centroids());
        kmeansDone.set();
    }

    /**
     * Folds the batch's code counts into the running usage, then moves the codes whose usage is
     * below the threshold onto random rows of the batch and sets their usage to the threshold.
     */
    private void restartDeadCodes(NDArray indices, NDArray rows) {
        NDManager step = indices.getManager();
        float threshold = (float) options.codebook().deadCodeThreshold();
        NDArray running = StateArrays.view(usage.getArray(), step);
        running.muli(USAGE_DECAY).addi(CodeCounts.of(indices, codebookSize).muli(1 - USAGE_DECAY));
        Optional<NDArray> dead = DeadCodes.find(running, threshold);
        if (dead.isEmpty()) {
            return;
        }
        NDArray mask = dead.get();
        NDArray current = StateArrays.view(codebook.getArray(), step);
        StateArrays.assign(codebook.getArray(),
                DeadCodes.replaceRows(mask, DeadCodes.candidates(rows, codebookSize), current));
        StateArrays.assign(usage.getArray(), NDArrays.where(mask, running.onesLike().muli(threshold), running));
    }
}
