package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The way between latents of D channels and a quantizer's code space of c channels (fsq's
 * len(levels), lfq's bits): nothing when D = c, else learned 1x1 maps in ({@code projectIn}) and
 * out ({@code projectOut}).
 */
public final class CodeChannels {

    private final int dimension;
    private final Optional<PointwiseLinear> in;
    private final Optional<PointwiseLinear> out;

    /**
     * @param dimension D, the channels of the latents
     * @param codeChannels c, the channels of the code space
     */
    public CodeChannels(int dimension, int codeChannels) {
        this.dimension = dimension;
        boolean projects = dimension != codeChannels;
        this.in = projects ? Optional.of(new PointwiseLinear("projectIn", dimension, codeChannels)) : Optional.empty();
        this.out = projects ? Optional.of(new PointwiseLinear("projectOut", codeChannels, dimension)) : Optional.empty();
    }

    /** The projections' parameters (in, then out), for the owning block to add; none without them. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        in.ifPresent(p -> all.addAll(p.parameters()));
        out.ifPresent(p -> all.addAll(p.parameters()));
        return all;
    }

    /** True when the latents are projected in and out. */
    public boolean projects() {
        return in.isPresent();
    }

    /** The projection D to c, if any. */
    public Optional<PointwiseLinear> projectIn() {
        return in;
    }

    /** The projection c to D, if any. */
    public Optional<PointwiseLinear> projectOut() {
        return out;
    }

    /** Latent rows (N, D) to code-space rows (N, c). */
    public NDArray toCodeSpace(NDArray rows) {
        return in.map(p -> p.apply(rows)).orElse(rows);
    }

    /** Code-space rows (N, c) to latents (B, D, H, W) for the grid (B, H, W). */
    public NDArray toLatents(NDArray codeRows, Shape grid) {
        NDArray rows = out.map(p -> p.apply(codeRows)).orElse(codeRows);
        return LatentLayout.channelsFirst(rows.reshape(grid.get(0), grid.get(1), grid.get(2), dimension));
    }
}
