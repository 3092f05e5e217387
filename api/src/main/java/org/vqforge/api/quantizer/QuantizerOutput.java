package org.vqforge.api.quantizer;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a quantizer returns for a batch of latents.
 *
 * @param quantized the quantized latents, same shape as the input, with the gradient path the
 *     quantizer defines (straight-through for most)
 * @param indices the chosen codes: (B, H, W) or, for multi-level quantizers, (B, L, H, W), each
 *     in [0, {@link Quantizer#codebookSize()})
 * @param losses auxiliary loss terms by name (e.g. {@code codebook}, {@code commitment}), each a
 *     scalar already weighted as the quantizer's parameters say; their sum is added to the model's
 *     loss
 * @param metrics batch statistics by name; at least {@code perplexity} and {@code usage} (the
 *     fraction of codes used in the batch)
 */
public record QuantizerOutput(
        NDArray quantized, NDArray indices, Map<String, NDArray> losses, Map<String, Double> metrics) {

    public QuantizerOutput {
        Objects.requireNonNull(quantized, "quantized");
        Objects.requireNonNull(indices, "indices");
        losses = Collections.unmodifiableMap(new LinkedHashMap<>(losses));
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The sum of the loss terms, or a scalar zero on the latents' manager when there are none. */
    public NDArray totalLoss() {
        NDArray total = null;
        for (NDArray term : losses.values()) {
            total = total == null ? term : total.add(term);
        }
        return total == null ? quantized.getManager().create(0f) : total;
    }
}
