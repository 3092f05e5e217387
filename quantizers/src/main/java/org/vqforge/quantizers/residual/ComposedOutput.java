package org.vqforge.quantizers.residual;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.quantizers.common.BatchMetrics;

/**
 * Gathers the outputs of the inner quantizers of a composite quantizer (the levels of {@code
 * residual}, the heads of {@code product}): their indices side by side on axis 1, their loss
 * terms and metrics under "PREFIXi.", and the perplexity and usage of all their codes together.
 *
 * <p>An inner quantizer that returns one index per position, (B, H, W), contributes one plane of
 * the combined (B, P, H, W); one that returns (B, m, H, W) (itself a composite) contributes m.
 */
public final class ComposedOutput {

    private final String prefix;
    private final NDList indices = new NDList();
    private final Map<String, NDArray> losses = new LinkedHashMap<>();
    private final Map<String, Double> partMetrics = new LinkedHashMap<>();
    private int planes;

    /** @param prefix the name of a part in loss and metric names, e.g. "level" for "level0.codebook" */
    public ComposedOutput(String prefix) {
        this.prefix = prefix;
    }

    /** Adds the output of the next part (parts are numbered 0, 1, ... in the order they are added). */
    public void add(QuantizerOutput out) {
        String name = prefix + indices.size() + ".";
        NDArray partIndices = out.indices();
        int partPlanes = planesOf(partIndices);
        if (planes != 0 && partPlanes != planes) {
            throw new IllegalStateException("inner quantizers returned " + planes + " and " + partPlanes
                    + " index planes per position");
        }
        planes = partPlanes;
        indices.add(partIndices);
        out.losses().forEach((term, value) -> losses.put(name + term, value));
        out.metrics().forEach((metric, value) -> partMetrics.put(name + metric, value));
    }

    /** Index planes per part: 1 for (B, H, W) indices, m for (B, m, H, W); 0 before any part. */
    public int planesPerPart() {
        return planes;
    }

    /**
     * The combined output.
     *
     * @param quantized the composite's quantized latents
     * @param codebookSize the range of every index, for the pooled perplexity and usage
     */
    public QuantizerOutput build(NDArray quantized, int codebookSize) {
        NDArray all = planes == 1 ? NDArrays.stack(indices, 1) : NDArrays.concat(indices, 1);
        Map<String, Double> metrics = new LinkedHashMap<>(BatchMetrics.of(all, codebookSize));
        metrics.putAll(partMetrics);
        return new QuantizerOutput(quantized, all, losses, metrics);
    }

    /**
     * The indices of part {@code part} in combined indices (B, P, H, W): (B, H, W) when each part
     * has one plane, else (B, planes, H, W).
     */
    public static NDArray part(NDArray combined, int part, int planes) {
        if (planes == 1) {
            return combined.get(new NDIndex(":, {}", part));
        }
        return combined.get(new NDIndex(":, {}:{}", part * planes, (part + 1) * planes));
    }

    /**
     * The inner quantizers of {@code count} parts (levels, heads), each registered as a child
     * block through {@code register}: one per part named {@code kind + index}, or one named
     * {@code shared} that every part uses. Each must quantize {@code dimension} channels, and all
     * must have codebooks of one size.
     */
    public static List<Quantizer> newParts(String kind, int count, boolean shared, int dimension,
            Supplier<Quantizer> newInner, BiFunction<String, Quantizer, Quantizer> register) {
        List<Quantizer> parts = new ArrayList<>();
        Quantizer one = shared ? register.apply("shared", newPart(newInner, dimension)) : null;
        for (int i = 0; i < count; i++) {
            parts.add(shared ? one : register.apply(kind + i, newPart(newInner, dimension)));
        }
        int codebookSize = parts.get(0).codebookSize();
        for (Quantizer q : parts) {
            if (q.codebookSize() != codebookSize) {
                throw new IllegalArgumentException("the " + kind + "s' inner quantizers have codebooks of "
                        + codebookSize + " and " + q.codebookSize() + " codes");
            }
        }
        return List.copyOf(parts);
    }

    /** A new inner quantizer from {@code newInner}, which must quantize {@code dimension} channels. */
    private static Quantizer newPart(Supplier<Quantizer> newInner, int dimension) {
        Quantizer q = Objects.requireNonNull(newInner.get(), "inner quantizer");
        if (q.dimension() != dimension) {
            throw new IllegalArgumentException("the inner quantizer has dimension " + q.dimension()
                    + ", expected " + dimension);
        }
        return q;
    }

    /**
     * The index planes one part declares through its {@code indexShape}: 1 for (B, H, W), m for
     * (B, m, H, W). Known before any quantize call, so that {@code lookup} works on a freshly
     * restored model (decoding stored indices) as well as after quantizing.
     */
    public static int declaredPlanes(Quantizer part, int dimension) {
        Shape s = part.indexShape(new Shape(1, dimension, 1, 1));
        return s.dimension() == 3 ? 1 : Math.toIntExact(s.get(1));
    }

    /** The combined index shape of {@code parts} parts whose own index shape is {@code part}. */
    public static Shape combinedShape(Shape part, int parts) {
        long planes = part.dimension() == 3 ? 1 : part.get(1);
        return new Shape(part.get(0), planes * parts, part.get(part.dimension() - 2), part.get(part.dimension() - 1));
    }

    private static int planesOf(NDArray partIndices) {
        int rank = partIndices.getShape().dimension();
        if (rank == 3) {
            return 1;
        }
        if (rank == 4) {
            return Math.toIntExact(partIndices.getShape().get(1));
        }
        throw new IllegalArgumentException("inner indices must be (B, H, W) or (B, m, H, W), got "
                + partIndices.getShape());
    }
}
