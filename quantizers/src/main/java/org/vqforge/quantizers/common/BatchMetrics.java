package org.vqforge.quantizers.common;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vqforge.api.quantizer.CodeUsage;

/** The per-batch metrics every quantizer reports. */
public final class BatchMetrics {

    private BatchMetrics() {}

    /** {@code perplexity} and {@code usage} of one batch of indices. */
    public static Map<String, Double> of(NDArray indices, int codebookSize) {
        CodeUsage usage = CodeUsage.of(indices, codebookSize);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("perplexity", usage.perplexity());
        metrics.put("usage", usage.usage());
        return metrics;
    }
}
