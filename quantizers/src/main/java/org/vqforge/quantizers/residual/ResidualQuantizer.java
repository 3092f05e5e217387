package org.vqforge.quantizers.residual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.LatentLayout;

/**
 * Residual vector quantization (SoundStream, Zeghidour et al. 2021): level 0 quantizes the
 * latents, each further level the residual the levels before it left, and the output is the sum
 * of the levels' quantized residuals.
 *
 * <p>Gradients, as in vector-quantize-pytorch's ResidualVQ: with r_0 = z and r_{i+1} = r_i -
 * sg(q_i), every residual has the identity as its derivative in z, so each level behaves as a
 * stand-alone quantizer of its residual. Its codebook term moves its codes towards sg(r_i), its
 * commitment term pulls z towards the sum of the codes of levels 0..i, and its output's gradient
 * path (straight-through for {@code vq}; the soft path of {@code gumbel}) is kept. With
 * straight-through inner quantizers the output's gradient therefore reaches z once per level used.
 *
 * <p>With quantize dropout, a training step uses only the first n levels, n drawn uniformly from
 * 1..levels with the engine's seeded generator, and returns indices for those n levels only.
 * Evaluation always uses every level.
 *
 * <p>As a {@link ai.djl.nn.Block} its forward pass returns (quantized, indices, total loss); the
 * inner quantizers are its child blocks, so their parameters are trained and checkpointed with it.
 */
public final class ResidualQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    private final int codebookSize;
    private final boolean quantizeDropout;
    /** The quantizer of each level; one instance repeated when the codebook is shared. */
    private final List<Quantizer> levels;
    private LevelDraw levelDraw = LevelDraw.uniform();
    /** Index planes per level, as the inner quantizer declares them (and its outputs confirm). */
    private int planesPerLevel;

    /**
     * @param dimension D, the channels of the latents (and of every level)
     * @param levels the number of levels L
     * @param sharedCodebook whether one inner quantizer serves every level
     * @param quantizeDropout whether training steps use a random prefix of the levels
     * @param newInner builds one inner quantizer of dimension D; called L times, or once when shared
     */
    public ResidualQuantizer(int dimension, int levels, boolean sharedCodebook, boolean quantizeDropout,
            Supplier<Quantizer> newInner) {
        super(VERSION, dimension);
        if (dimension < 1 || levels < 1) {
            throw new IllegalArgumentException("need dimension >= 1 and levels >= 1; got " + dimension + ", " + levels);
        }
        this.quantizeDropout = quantizeDropout;
        this.levels = ComposedOutput.newParts("level", levels, sharedCodebook, dimension, newInner,
                this::addChildBlock);
        this.codebookSize = this.levels.get(0).codebookSize();
        this.planesPerLevel = ComposedOutput.declaredPlanes(this.levels.get(0), dimension);
    }


    /** The number of levels L. */
    public int levels() {
        return levels.size();
    }

    /** The quantizer of level {@code level} (the same one for every level when shared). */
    public Quantizer level(int level) {
        return levels.get(level);
    }

    /** Whether training steps use a random prefix of the levels. */
    public boolean quantizeDropout() {
        return quantizeDropout;
    }

    /** Replaces the draw of the number of levels, for tests that need a fixed one. */
    void setLevelDraw(LevelDraw draw) {
        this.levelDraw = Objects.requireNonNull(draw);
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        int used = levelsFor(latents.getManager(), step);
        ComposedOutput composed = new ComposedOutput("level");
        NDArray residual = latents;
        NDArray quantized = null;
        for (int i = 0; i < used; i++) {
            QuantizerOutput out = levels.get(i).quantize(residual, step);
            composed.add(out);
            quantized = quantized == null ? out.quantized() : quantized.add(out.quantized());
            if (i + 1 < used) {
                try (NDArray codes = out.quantized().stopGradient()) {
                    residual = residual.sub(codes);
                }
            }
        }
        planesPerLevel = composed.planesPerPart();
        return composed.build(quantized, codebookSize);
    }

    private int levelsFor(NDManager manager, StepInfo step) {
        if (!quantizeDropout || !step.training() || levels.size() == 1) {
            return levels.size();
        }
        int n = levelDraw.draw(manager, levels.size());
        if (n < 1 || n > levels.size()) {
            throw new IllegalStateException("drew " + n + " levels of " + levels.size());
        }
        return n;
    }

    /**
     * The sum of each level's codes.
     *
     * @param indices (B, n, H, W) for the first n levels (n = L for a full quantization), int32
     *     or int64
     */
    @Override
    public NDArray lookup(NDArray indices) {
        Shape s = indices.getShape();
        if (s.dimension() != 4 || s.get(1) % planesPerLevel != 0 || s.get(1) < planesPerLevel
                || s.get(1) > (long) levels.size() * planesPerLevel) {
            throw new IllegalArgumentException("expected indices (B, n, H, W) with n in [1, " + levels.size()
                    + "] levels of " + planesPerLevel + " planes, got " + s);
        }
        int n = Math.toIntExact(s.get(1) / planesPerLevel);
        NDArray sum = null;
        for (int i = 0; i < n; i++) {
            NDArray codes = levels.get(i).lookup(ComposedOutput.part(indices, i, planesPerLevel));
            sum = sum == null ? codes : sum.add(codes);
        }
        return sum;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (ai.djl.nn.Block child : getChildren().values()) {
            child.initialize(manager, dataType, inputShapes);
        }
    }

    /** (B, levels * planes of one level, H, W). */
    @Override
    public Shape indexShape(Shape latents) {
        return ComposedOutput.combinedShape(levels.get(0).indexShape(latents), levels.size());
    }
}
