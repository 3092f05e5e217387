package org.vqforge.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam whose moment estimates and step count can be saved and restored, so a resumed run
 * continues exactly. DJL's own optimisers keep that state private. The update itself is the
 * engine's fused Adam kernel, which also zeroes each gradient it consumes.
 */
public final class Adam {

    /** PyTorch's default epsilon. */
    public static final float EPSILON = 1e-8f;

    private final Map<String, Parameter> parameters;
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private long steps;

    /**
     * @param parameters what it updates, by stable name
     * @param learningRate the step size
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param epsilon added to the denominator
     */
    public Adam(Map<String, Parameter> parameters, float learningRate, float beta1, float beta2, float epsilon) {
        this(parameters, learningRate, beta1, beta2, epsilon, 0f);
    }

    /**
     * AdamW (Loshchilov and Hutter 2019): Adam whose weight decay is decoupled from the gradient,
     * each step shrinking every weight by {@code rate * weightDecay} of itself.
     *
     * @param weightDecay the decoupled decay; 0 for plain Adam
     */
    public Adam(Map<String, Parameter> parameters, float learningRate, float beta1, float beta2, float epsilon,
            float weightDecay) {
        this.weightDecay = weightDecay;
        this.parameters = new LinkedHashMap<>(parameters);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        for (Map.Entry<String, Parameter> e : this.parameters.entrySet()) {
            NDArray w = e.getValue().getArray();
            means.put(e.getKey(), w.zerosLike());
            variances.put(e.getKey(), w.zerosLike());
        }
    }

    /** Adam with PyTorch's defaults for everything but the learning rate. */
    public static Adam withDefaults(Map<String, Parameter> parameters, double learningRate) {
        return new Adam(parameters, (float) learningRate, 0.9f, 0.999f, EPSILON);
    }

    /** Number of updates made. */
    public long steps() {
        return steps;
    }

    /** The learning rate it was built with. */
    public float learningRate() {
        return learningRate;
    }

    /** Applies one update from the accumulated gradients and zeroes them. */
    public void step() {
        step(learningRate);
    }

    /** Applies one update with {@code rate} instead of the configured learning rate (a schedule's). */
    public void step(float rate) {
        steps++;
        double correction1 = 1.0 - Math.pow(beta1, steps);
        double correction2 = 1.0 - Math.pow(beta2, steps);
        float biasCorrected = (float) (rate * Math.sqrt(correction2) / correction1);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray weight = e.getValue().getArray();
            try (NDArray grad = weight.getGradient()) {
                weight.getNDArrayInternal().adamUpdate(
                        new NDList(weight, grad, means.get(e.getKey()), variances.get(e.getKey())),
                        new NDList(weight), rate, biasCorrected, weightDecay, 1f, -1f,
                        beta1, beta2, epsilon, true, weightDecay > 0);
            }
        }
    }

    /** Writes the step count and both moments. */
    public void save(OutputStream out) throws IOException {
        NDList state = new NDList();
        for (String key : parameters.keySet()) {
            state.add(means.get(key));
            state.add(variances.get(key));
        }
        java.io.DataOutputStream data = new java.io.DataOutputStream(out);
        data.writeLong(steps);
        data.writeInt(parameters.size());
        data.flush();
        state.encode(out);
        out.flush();
    }

    /** Restores what {@link #save} wrote; the parameter list must be the same. */
    public void load(InputStream in, NDManager manager) throws IOException {
        java.io.DataInputStream data = new java.io.DataInputStream(in);
        long savedSteps = data.readLong();
        int count = data.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state holds " + count + " parameters, the model has " + parameters.size());
        }
        NDList state = NDList.decode(manager, in);
        int i = 0;
        for (String key : parameters.keySet()) {
            replace(means, key, state.get(i++));
            replace(variances, key, state.get(i++));
        }
        steps = savedSteps;
    }

    private static void replace(Map<String, NDArray> map, String key, NDArray value) {
        NDArray old = map.put(key, value);
        if (!old.getShape().equals(value.getShape())) {
            throw new IllegalStateException("optimizer state for " + key + " has shape " + value.getShape()
                    + ", the parameter " + old.getShape());
        }
        old.close();
    }
}
