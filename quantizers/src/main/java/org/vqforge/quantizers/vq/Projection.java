package org.vqforge.quantizers.vq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;
import java.util.List;
import org.vqforge.quantizers.common.LatentLayout;

/**
 * A factorised code space: learned 1x1 linear maps (weight and bias) from the latents' D channels
 * into codebookDim channels, where the codes live, and back out. Initialised like PyTorch's
 * nn.Linear: weight and bias uniform in +-1/sqrt(fan in).
 */
final class Projection {

    private final int dimension;
    private final int codeDimension;
    private final Parameter inWeight;
    private final Parameter inBias;
    private final Parameter outWeight;
    private final Parameter outBias;

    Projection(int dimension, int codeDimension) {
        this.dimension = dimension;
        this.codeDimension = codeDimension;
        // weights are stored (in, out), so a batch of rows leads the product and it lands on the step's manager
        this.inWeight = linear("projectInWeight", new Shape(dimension, codeDimension), dimension);
        this.inBias = linear("projectInBias", new Shape(codeDimension), dimension);
        this.outWeight = linear("projectOutWeight", new Shape(codeDimension, dimension), codeDimension);
        this.outBias = linear("projectOutBias", new Shape(dimension), codeDimension);
    }

    private static Parameter linear(String name, Shape shape, int fanIn) {
        return Parameter.builder()
                .setName(name)
                .setType(name.endsWith("Bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt(fanIn))))
                .build();
    }

    /** The four parameters, for the block to add. */
    List<Parameter> parameters() {
        return List.of(inWeight, inBias, outWeight, outBias);
    }

    /** (B, D, H, W) to (B, codebookDim, H, W). */
    NDArray in(NDArray latents) {
        return map(latents, dimension, inWeight, inBias, codeDimension);
    }

    /** (B, codebookDim, H, W) to (B, D, H, W). */
    NDArray out(NDArray codes) {
        return map(codes, codeDimension, outWeight, outBias, dimension);
    }

    private static NDArray map(NDArray x, int from, Parameter weight, Parameter bias, int to) {
        Shape s = x.getShape();
        NDArray rows = LatentLayout.toRows(x, from).matMul(weight.getArray()).add(bias.getArray());
        return LatentLayout.channelsFirst(rows.reshape(s.get(0), s.get(2), s.get(3), to));
    }
}
