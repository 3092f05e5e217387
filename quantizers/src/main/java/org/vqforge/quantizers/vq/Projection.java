package org.vqforge.quantizers.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.common.PointwiseLinear;

/**
 * A factorised code space: learned 1x1 linear maps from the latents' D channels into codebookDim
 * channels, where the codes live, and back out.
 */
final class Projection {

    private final PointwiseLinear in;
    private final PointwiseLinear out;

    Projection(int dimension, int codeDimension) {
        this.in = new PointwiseLinear("projectIn", dimension, codeDimension);
        this.out = new PointwiseLinear("projectOut", codeDimension, dimension);
    }

    /** The four parameters, for the block to add. */
    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>(in.parameters());
        all.addAll(out.parameters());
        return all;
    }

    /** (B, D, H, W) to (B, codebookDim, H, W). */
    NDArray in(NDArray latents) {
        return map(latents, in);
    }

    /** (B, codebookDim, H, W) to (B, D, H, W). */
    NDArray out(NDArray codes) {
        return map(codes, out);
    }

    private static NDArray map(NDArray x, PointwiseLinear linear) {
        Shape s = x.getShape();
        NDArray rows = linear.apply(LatentLayout.toRows(x, linear.in()));
        return LatentLayout.channelsFirst(rows.reshape(s.get(0), s.get(2), s.get(3), linear.out()));
    }
}
