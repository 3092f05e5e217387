package org.vqforge.architectures.prior;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import org.vqforge.architectures.layers.TorchConv;

/**
 * A 2-D convolution whose kernel is multiplied by a fixed 0/1 mask in every forward pass, so the
 * masked weights neither act nor learn (their gradient is zero). Zero padding keeps H x W. The
 * three masks of the gated PixelCNN's stacks (van den Oord et al. 2016):
 *
 * <ul>
 *   <li>{@link Kind#VERTICAL}, k x k: the rows above the centre and the centre row, every column.
 *       The vertical stack may see its own row because it reaches the horizontal stack only
 *       shifted down by one row.
 *   <li>{@link Kind#HORIZONTAL_A}, 1 x k: the positions left of the centre (first layer: a
 *       position never sees its own token).
 *   <li>{@link Kind#HORIZONTAL_B}, 1 x k: left of the centre and the centre (later layers: the
 *       centre holds features computed from earlier positions only).
 * </ul>
 */
final class MaskedConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Which positions of the kernel are kept. */
    enum Kind {
        VERTICAL,
        HORIZONTAL_A,
        HORIZONTAL_B
    }

    private final Kind kind;
    private final int kernel;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param in input channels
     * @param out output channels
     * @param kernel the (odd) kernel width; also the height of a vertical kernel
     */
    MaskedConv2d(Kind kind, int in, int out, int kernel) {
        super(VERSION);
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("a masked convolution needs an odd kernel, got " + kernel);
        }
        this.kind = kind;
        this.kernel = kernel;
        int rows = kind == Kind.VERTICAL ? kernel : 1;
        UniformInitializer init = new UniformInitializer(TorchConv.initBound(in, kernel));
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(out, in, rows, kernel)).optInitializer(init).build());
        this.bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(out)).optInitializer(init).build());
    }

    /** The mask of {@code kind} for a kernel of width {@code kernel}, row-major (rows x kernel). */
    static float[] mask(Kind kind, int kernel) {
        int centre = kernel / 2;
        int rows = kind == Kind.VERTICAL ? kernel : 1;
        float[] mask = new float[rows * kernel];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < kernel; c++) {
                boolean keep = switch (kind) {
                    case VERTICAL -> r <= centre;
                    case HORIZONTAL_A -> c < centre;
                    case HORIZONTAL_B -> c <= centre;
                };
                mask[r * kernel + c] = keep ? 1 : 0;
            }
        }
        return mask;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = parameterStore.getValue(bias, x.getDevice(), training);
        int rows = kind == Kind.VERTICAL ? kernel : 1;
        // the constant leads, so the masked kernel lands on the step's manager
        NDArray masked = Constants.floats(x.getManager(), mask(kind, kernel), new Shape(1, 1, rows, kernel))
                .toType(w.getDataType(), false).mul(w);
        return Conv2d.conv2d(x, masked, b, new Shape(1, 1), new Shape(rows / 2, kernel / 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), weight.getShape().get(0), x.get(2), x.get(3))};
    }
}
