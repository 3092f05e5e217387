package org.vqforge.quantizers.residual;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;

/** The {@code residual} plugin: {@link ResidualQuantizer} over any registered quantizer plugin. */
@Plugin(name = "residual", description = "Residual VQ: levels of an inner quantizer plugin applied to "
        + "successive residuals, output = sum of the levels' codes; optional shared codebook and quantize dropout")
public final class ResidualQuantizerProvider implements QuantizerProvider {

    public static final String LEVELS = "levels";
    public static final String INNER = "inner";
    public static final String SHARED_CODEBOOK = "sharedCodebook";
    public static final String QUANTIZE_DROPOUT = "quantizeDropout";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(LEVELS, 2, 1, null, "number of quantization levels L; indices are (B, L, H, W)")
            .plugin(INNER, QuantizerProvider.class, "vq",
                    "the quantizer plugin of each level, configured under inner.* (e.g. inner.codebookSize)")
            .bool(SHARED_CODEBOOK, false, "one inner quantizer (one codebook) for every level")
            .bool(QUANTIZE_DROPOUT, false,
                    "in training, use only the first n levels, n drawn uniformly from 1..levels per step")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        PluginConfig inner = params.getPlugin(INNER);
        return new ResidualQuantizer(dimension, params.getInt(LEVELS), params.getBoolean(SHARED_CODEBOOK),
                params.getBoolean(QUANTIZE_DROPOUT), () -> context.newQuantizer(inner, dimension));
    }
}
