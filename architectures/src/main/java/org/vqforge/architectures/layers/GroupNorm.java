package org.vqforge.architectures.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * Group normalisation (Wu and He, 2018), as PyTorch's {@code nn.GroupNorm(groups, C, eps,
 * affine=True)}: the channels of each sample are split into {@code groups} groups, each group is
 * normalised over its channels and positions (biased variance), then every channel is scaled by
 * {@code gamma} (initially 1) and shifted by {@code beta} (initially 0). DJL has no such block.
 *
 * <p>Inputs are (B, C, ...) with C divisible by the group count.
 */
public final class GroupNorm extends AbstractBlock {

    /** The epsilon of taming-transformers' {@code Normalize}. */
    public static final float TAMING_EPSILON = 1e-6f;

    private static final byte VERSION = 1;

    private final int groups;
    private final float epsilon;
    private final Parameter gamma;
    private final Parameter beta;

    /**
     * @param groups the number of groups; must divide the input's channels
     * @param epsilon added to the variance before the square root
     */
    public GroupNorm(int groups, float epsilon) {
        super(VERSION);
        if (groups < 1) {
            throw new IllegalArgumentException("groups must be positive, got " + groups);
        }
        this.groups = groups;
        this.epsilon = epsilon;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    /**
     * A group norm for {@code channels} channels with {@link #groupCount} groups and taming's
     * epsilon.
     */
    public static GroupNorm forChannels(int channels, int maxGroups) {
        return new GroupNorm(groupCount(channels, maxGroups), TAMING_EPSILON);
    }

    /**
     * The largest divisor of {@code channels} that is at most {@code maxGroups}: {@code maxGroups}
     * itself when it divides the channels (32 for 64 channels), else fewer (24 for 48, 3 for 3).
     */
    public static int groupCount(int channels, int maxGroups) {
        if (channels < 1 || maxGroups < 1) {
            throw new IllegalArgumentException("channels and groups must be positive: " + channels + ", " + maxGroups);
        }
        for (int g = Math.min(channels, maxGroups); g > 1; g--) {
            if (channels % g == 0) {
                return g;
            }
        }
        return 1;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        checkChannels(shape);
        NDArray grouped = x.reshape(shape.get(0), groups, -1);
        Shape groupShape = new Shape(grouped.getShape().get(2));
        NDManager manager = x.getManager();
        NDArray normalized;
        // PyTorch's fused layer norm over the last axis of (B, groups, C/groups * positions) is
        // exactly group norm without the affine part, and twice-differentiable (gradient penalties).
        // Its own affine is per element of the group, not per channel, so it gets ones and zeros.
        try (NDArray ones = manager.ones(groupShape, x.getDataType());
                NDArray zeros = manager.zeros(groupShape, x.getDataType())) {
            normalized = grouped.getNDArrayInternal().layerNorm(grouped, groupShape, ones, zeros, epsilon)
                    .singletonOrThrow();
        }
        Shape perChannel = perChannelShape(shape);
        NDArray scale = parameterStore.getValue(gamma, x.getDevice(), training).reshape(perChannel);
        NDArray shift = parameterStore.getValue(beta, x.getDevice(), training).reshape(perChannel);
        // views of a parameter land on the parameter's (model-long) manager: free them with the step
        scale.attach(manager);
        shift.attach(manager);
        return new NDList(normalized.reshape(shape).mul(scale).add(shift));
    }

    /** (1, C, 1, ..., 1) for an input of {@code shape}, so the affine broadcasts per channel. */
    private static Shape perChannelShape(Shape shape) {
        long[] dims = new long[shape.dimension()];
        Arrays.fill(dims, 1);
        dims[1] = shape.get(1);
        return new Shape(dims);
    }

    private void checkChannels(Shape shape) {
        if (shape.dimension() < 2 || shape.get(1) % groups != 0) {
            throw new IllegalArgumentException("group norm with " + groups + " groups needs (B, C, ...) with C"
                    + " divisible by " + groups + ", got " + shape);
        }
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        checkChannels(inputShapes[0]);
        gamma.setShape(new Shape(inputShapes[0].get(1)));
        beta.setShape(new Shape(inputShapes[0].get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkChannels(inputShapes[0]);
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "GroupNorm(groups=" + groups + ", eps=" + epsilon + ")";
    }
}
