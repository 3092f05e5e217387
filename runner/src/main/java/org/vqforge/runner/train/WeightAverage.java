package org.vqforge.runner.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of the generator's trainable weights, used for evaluation and
 * saved in checkpoints. Non-trainable state (a quantizer's EMA codebook, usage counters) is not
 * averaged: evaluation uses its current value.
 *
 * <p>The decay of update n is {@code min(decay, (1 + n) / (10 + n))}, so the first updates follow
 * the weights closely and the random initialisation (or a codebook replaced by k-means on the
 * first batch) is forgotten quickly; later it is the configured decay.
 */
public final class WeightAverage implements AutoCloseable {

    /** The file a checkpoint holds the averages in. */
    public static final String FILE = "generator-ema.state";

    /** Every element: an in-place copy through the engine's indexer. */
    private static final NDIndex ALL = new NDIndex("...");

    private final double decay;
    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private long updates;

    /** Starts the averages at the current weights. Call outside a gradient collector. */
    public WeightAverage(Map<String, Parameter> parameters, double decay, NDManager manager) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("an average's decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.parameters = new LinkedHashMap<>(parameters);
        parameters.forEach((name, p) -> {
            NDArray copy = p.getArray().duplicate();
            copy.attach(manager);
            averages.put(name, copy);
        });
    }

    /** The decay update {@code n} (1-based) uses. */
    static double decayAt(double decay, long n) {
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** Number of updates made. */
    public long updates() {
        return updates;
    }

    /** Moves every average towards its weight: {@code a = d * a + (1 - d) * w}. Call after an optimiser step. */
    public void update() {
        updates++;
        float d = (float) decayAt(decay, updates);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray average = averages.get(e.getKey());
            try (NDArray weighted = e.getValue().getArray().mul(1f - d)) {
                average.muli(d).addi(weighted);
            }
        }
    }

    /** The averaged value of one parameter (for tests and reports). */
    public NDArray average(String name) {
        return averages.get(name);
    }

    /**
     * Puts the averages into the parameters until the returned handle is closed, which puts the
     * training weights back exactly.
     */
    public Swap swapIn() {
        Map<String, NDArray> saved = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray weight = e.getValue().getArray();
            saved.put(e.getKey(), weight.duplicate());
            weight.set(ALL, averages.get(e.getKey()));
        }
        return () -> {
            for (Map.Entry<String, NDArray> e : saved.entrySet()) {
                parameters.get(e.getKey()).getArray().set(ALL, e.getValue());
                e.getValue().close();
            }
        };
    }

    /** Undoes {@link #swapIn()}. */
    public interface Swap extends AutoCloseable {
        @Override
        void close();
    }

    /** Writes the update count and the averages. */
    public void save(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(updates);
        data.writeInt(averages.size());
        data.flush();
        new NDList(averages.values().toArray(NDArray[]::new)).encode(out);
        out.flush();
    }

    /** Restores what {@link #save} wrote; the parameter list must be the same. */
    public void load(InputStream in, NDManager manager) throws IOException {
        long saved = readHeader(in, averages.size());
        NDList state = NDList.decode(manager, in);
        int i = 0;
        for (String name : parameters.keySet()) {
            NDArray value = state.get(i++);
            NDArray old = averages.put(name, value);
            if (!old.getShape().equals(value.getShape())) {
                throw new IOException("average of " + name + " has shape " + value.getShape() + ", the parameter "
                        + old.getShape());
            }
            old.close();
        }
        updates = saved;
    }

    /**
     * Writes averages that {@link #save} wrote straight into {@code parameters} (the same list, in
     * the same order): how an evaluation takes the averaged weights without training state.
     */
    public static void loadInto(InputStream in, Map<String, Parameter> parameters, NDManager manager)
            throws IOException {
        readHeader(in, parameters.size());
        try (NDList state = NDList.decode(manager, in)) {
            int i = 0;
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                NDArray value = state.get(i++);
                NDArray weight = e.getValue().getArray();
                if (!weight.getShape().equals(value.getShape())) {
                    throw new IOException("average of " + e.getKey() + " has shape " + value.getShape()
                            + ", the parameter " + weight.getShape());
                }
                weight.set(ALL, value);
            }
        }
    }

    private static long readHeader(InputStream in, int expected) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long updates = data.readLong();
        int count = data.readInt();
        if (count != expected) {
            throw new IOException("the weight average holds " + count + " parameters, the model has " + expected);
        }
        return updates;
    }

    @Override
    public void close() {
        averages.values().forEach(NDArray::close);
    }
}
