package org.vqforge.quantizers.fsq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.BatchMetrics;
import org.vqforge.quantizers.common.CodeChannels;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.common.PointwiseLinear;

/**
 * Finite scalar quantization (Mentzer et al. 2023): each of a few channels is bounded with tanh
 * and rounded to one of a fixed number of levels (see {@link FsqLevels}), with a straight-through
 * gradient. The codebook is implicit and nothing but the optional projections is learned; there
 * is no auxiliary loss.
 *
 * <p>When the latents have more channels than there are levels (the reference VQ-VAE has 64,
 * FSQ typically 3 to 6), a learned 1x1 projection maps the latents down to len(levels) channels
 * before quantization and another maps the codes back up after it, as in the FSQ paper's VQ-VAE
 * experiments. With exactly len(levels) channels there is no projection and the output is the
 * normalised code itself.
 */
public final class FsqQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    private final FsqLevels levels;
    private final CodeChannels channels;

    /**
     * @param dimension D, the channels of the latents
     * @param levels the levels per code channel, each >= 2
     */
    public FsqQuantizer(int dimension, List<Integer> levels) {
        super(VERSION, dimension);
        this.levels = new FsqLevels(levels);
        this.channels = new CodeChannels(dimension, this.levels.channels());
        channels.parameters().forEach(this::addParameter);
    }

    /** The levels and the index arithmetic. */
    public FsqLevels levels() {
        return levels;
    }

    /** True when the latents are projected to len(levels) channels and back. */
    public boolean projects() {
        return channels.projects();
    }

    /** The projection D to len(levels), if any. */
    public Optional<PointwiseLinear> projectIn() {
        return channels.projectIn();
    }

    /** The projection len(levels) to D, if any. */
    public Optional<PointwiseLinear> projectOut() {
        return channels.projectOut();
    }

    @Override
    public int codebookSize() {
        return levels.codebookSize();
    }

    /** Training and evaluation are the same: FSQ has no state and draws no noise. */
    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        Shape grid = LatentLayout.grid(latents.getShape());
        NDArray rows = LatentLayout.toRows(latents, dimension);
        NDArray z = channels.toCodeSpace(rows);
        NDArray integers = FsqLevels.roundStraightThrough(levels.bound(z));
        NDArray codes = levels.normalise(integers);
        NDArray indices = levels.toIndices(integers).reshape(grid);
        return new QuantizerOutput(channels.toLatents(codes, grid), indices, Map.of(),
                BatchMetrics.of(indices, codebookSize()));
    }

    @Override
    public NDArray lookup(NDArray indices) {
        Shape grid = indices.getShape();
        if (grid.dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + grid);
        }
        NDArray codes = levels.toCodes(indices.toType(DataType.INT64, false)).reshape(-1, levels.channels());
        return channels.toLatents(codes, grid);
    }
}
