package org.vqforge.quantizers.ema;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
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

/**
 * Vector quantization with an exponential-moving-average codebook (van den Oord et al., 2017,
 * appendix; Razavi et al., 2019). The codebook is not learned by gradients: after each training
 * batch, with n_k the number of vectors that chose code k and s_k their sum,
 *
 * <pre>
 *   N_k = g N_k + (1 - g) n_k              cluster sizes
 *   M_k = g M_k + (1 - g) s_k              sums of assigned vectors
 *   N~_k = (N_k + eps) / (n + K eps) * n   Laplace-smoothed, n = sum_k N_k
 *   e_k = M_k / N~_k
 * </pre>
 *
 * and the batch is quantized with the updated codes (as the PyTorch peer does). The only loss is
 * the commitment term beta * mean((z - sg(e))^2). The codebook, N and M are non-gradient
 * parameters, so checkpoints save and restore them; they change only in training.
 *
 * <p>Initially the codes are N(0, 1), M is a copy of them and N is 0, as in the peer; with k-means
 * initialisation the first training batch sets the codes to the centroids, N to the cluster sizes
 * and M to centroid x size. Dead-code restart compares N itself with the threshold and moves a dead
 * code to a random vector x of the batch with N_k = threshold and M_k = threshold x.
 */
public final class EmaQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    private final int codebookSize;
    private final float beta;
    private final float decay;
    private final float eps;
    private final CodebookOptions options;
    private final Parameter codebook;
    private final Parameter clusterSize;
    private final Parameter embedSum;
    private final OnceFlag kmeansDone;
    private final NearestCodeSearch search;

    /**
     * @param dimension D, the channels of the latents
     * @param codebookSize K
     * @param beta weight of the commitment loss
     * @param decay g, in (0, 1)
     * @param eps Laplace smoothing of the cluster sizes, > 0
     * @param options k-means initialisation and dead-code restart
     */
    public EmaQuantizer(int dimension, int codebookSize, double beta, double decay, double eps,
            CodebookOptions options) {
        this(dimension, codebookSize, beta, decay, eps, options, NearestCode.ENGINE);
    }

    /**
     * @param dimension D, the channels of the latents
     * @param codebookSize K
     * @param beta weight of the commitment loss
     * @param decay g, in (0, 1)
     * @param eps Laplace smoothing of the cluster sizes, > 0
     * @param options k-means initialisation and dead-code restart
     * @param search the nearest-code search, e.g. the backend's
     */
    public EmaQuantizer(int dimension, int codebookSize, double beta, double decay, double eps,
            CodebookOptions options, NearestCodeSearch search) {
        super(VERSION, dimension);
        if (dimension < 1 || codebookSize < 1 || !(beta >= 0) || !(decay > 0 && decay < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("need dimension >= 1, codebookSize >= 1, beta >= 0, decay in "
                    + "(0, 1), eps > 0; got " + dimension + ", " + codebookSize + ", " + beta + ", " + decay
                    + ", " + eps);
        }
        this.codebookSize = codebookSize;
        this.beta = (float) beta;
        this.decay = (float) decay;
        this.eps = (float) eps;
        this.options = options;
        this.search = search;
        Shape codes = new Shape(codebookSize, dimension);
        this.codebook = addParameter(state("codebook", codes, new NormalInitializer(1f)));
        this.clusterSize = addParameter(state("clusterSize", new Shape(codebookSize), Initializer.ZEROS));
        // set to a copy of the initial codebook in initialize()
        this.embedSum = addParameter(state("embedSum", codes, Initializer.ZEROS));
        this.kmeansDone = new OnceFlag("kmeansDone");
        addParameter(kmeansDone.parameter());
    }

    private static Parameter state(String name, Shape shape, Initializer initializer) {
        return Parameter.builder()
                .setName(name)
                // OTHER: no gradient, no optimiser; callers re-initialising weights leave it alone
                .setType(Parameter.Type.OTHER)
                .optShape(shape)
                .optInitializer(initializer)
                .optRequiresGrad(false)
                .build();
    }

    /** The (K, D) codebook. */
    public Parameter codebook() {
        return codebook;
    }

    /** N, the (K) moving cluster sizes (before smoothing). */
    public Parameter clusterSize() {
        return clusterSize;
    }

    /** M, the (K, D) moving sums of assigned vectors. */
    public Parameter embedSum() {
        return embedSum;
    }

    /** Whether the k-means initialisation has run. */
    public boolean kmeansDone() {
        return kmeansDone.isSet();
    }

    /** The commitment weight. */
    public float beta() {
        return beta;
    }

    /** The decay g. */
    public float decay() {
        return decay;
    }

    /** The smoothing eps. */
    public float eps() {
        return eps;
    }

    /** k-means and restart options. */
    public CodebookOptions options() {
        return options;
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        boolean fresh = !isInitialized();
        super.initialize(manager, dataType, inputShapes);
        if (fresh) {
            // the peer's embed_avg = embed.clone()
            StateArrays.assign(embedSum.getArray(), codebook.getArray());
        }
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        NDManager manager = latents.getManager();
        NDArray rows = LatentLayout.toRows(latents, dimension).stopGradient();
        if (step.training() && options.kmeans() && !kmeansDone.isSet()) {
            initialiseByKMeans(rows);
        }
        NDArray codes = StateArrays.view(codebook.getArray(), manager);
        NDArray flatIndices = search.nearest(rows, codes);
        if (step.training()) {
            update(flatIndices, rows, manager);
        }
        NDArray indices = flatIndices.reshape(LatentLayout.grid(latents.getShape()));
        // the view shares the codebook's storage, so this sees the update
        NDArray quantized = LatentLayout.channelsFirst(NearestCode.lookup(indices, codes));
        NDArray commitment = EngineConstants.times(latents.sub(quantized.stopGradient()).square().mean(), beta);
        Map<String, Double> metrics = BatchMetrics.of(indices, codebookSize);
        if (step.training() && options.restartsDeadCodes()) {
            restartDeadCodes(rows, manager);
        }
        return new QuantizerOutput(StraightThrough.apply(latents, quantized), indices,
                Map.of("commitment", commitment), metrics);
    }

    @Override
    public NDArray lookup(NDArray indices) {
        if (indices.getShape().dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + indices.getShape());
        }
        NDArray codes = StateArrays.view(codebook.getArray(), indices.getManager());
        return LatentLayout.channelsFirst(NearestCode.lookup(indices.toType(DataType.INT64, false), codes));
    }

    /** The EMA step of the class documentation, written into the state in place. */
    private void update(NDArray indices, NDArray rows, NDManager step) {
        NDArray oneHot = CodeCounts.oneHot(indices, codebookSize);
        NDArray counts = oneHot.sum(new int[] {0});
        NDArray sums = oneHot.transpose().matMul(rows);
        NDArray n = StateArrays.view(clusterSize.getArray(), step);
        NDArray m = StateArrays.view(embedSum.getArray(), step);
        n.muli(decay).addi(counts.muli(1 - decay));
        m.muli(decay).addi(sums.muli(1 - decay));
        NDArray total = n.sum();
        NDArray smoothed = n.add(eps).div(total.add(codebookSize * eps)).mul(total);
        StateArrays.assign(codebook.getArray(), m.div(smoothed.expandDims(1)));
    }

    /** k-means on the batch: codes = centroids, N = cluster sizes, M = centroids x sizes. */
    private void initialiseByKMeans(NDArray rows) {
        KMeans.Result fitted = KMeans.fit(rows, codebookSize, options.kmeansIterations(), false, search);
        StateArrays.assign(codebook.getArray(), fitted.centroids());
        StateArrays.assign(clusterSize.getArray(), fitted.counts());
        StateArrays.assign(embedSum.getArray(), fitted.centroids().mul(fitted.counts().expandDims(1)));
        kmeansDone.set();
    }

    /** Codes with N_k below the threshold move to random batch vectors x: e_k = x, N_k = threshold, M_k = threshold x. */
    private void restartDeadCodes(NDArray rows, NDManager step) {
        float threshold = (float) options.deadCodeThreshold();
        NDArray n = StateArrays.view(clusterSize.getArray(), step);
        Optional<NDArray> dead = DeadCodes.find(n, threshold);
        if (dead.isEmpty()) {
            return;
        }
        NDArray mask = dead.get();
        NDArray fresh = DeadCodes.replaceRows(mask, DeadCodes.candidates(rows, codebookSize),
                StateArrays.view(codebook.getArray(), step));
        StateArrays.assign(codebook.getArray(), fresh);
        StateArrays.assign(embedSum.getArray(), DeadCodes.replaceRows(mask, fresh.mul(threshold),
                StateArrays.view(embedSum.getArray(), step)));
        StateArrays.assign(clusterSize.getArray(), NDArrays.where(mask, n.onesLike().muli(threshold), n));
    }
}
