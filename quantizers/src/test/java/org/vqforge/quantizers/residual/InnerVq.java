package org.vqforge.quantizers.residual;

import java.util.HashMap;
import java.util.Map;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.quantizers.vq.VqQuantizerProvider;

/** Nested {@code vq} configs for composite-quantizer tests. */
public final class InnerVq {

    private InnerVq() {}

    /**
     * A plain {@code vq} of {@code codebookSize} codes with commitment weight {@code beta}. Options
     * that would move hand-set codes during a training step (dead-code restart, k-means
     * initialisation) are turned off when the vq plugin has them.
     */
    public static PluginConfig config(int codebookSize, double beta) {
        ParameterSchema schema = new VqQuantizerProvider().schema();
        Map<String, Object> values = new HashMap<>();
        values.put(VqQuantizerProvider.CODEBOOK_SIZE, codebookSize);
        values.put(VqQuantizerProvider.BETA, beta);
        schema.spec("deadCodeThreshold").ifPresent(s -> values.put("deadCodeThreshold", "0"));
        schema.spec("init").ifPresent(s -> values.put("init", "uniform"));
        return new PluginConfig("vq", schema.with(values));
    }
}
