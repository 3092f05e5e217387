package org.vqforge.quantizers.product;

import java.util.ArrayList;
import java.util.List;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;

/** The {@code product} plugin: {@link ProductQuantizer} over any registered quantizer plugin. */
@Plugin(name = "product", description = "Product (multi-head) VQ: the channels split into heads groups, "
        + "each quantized by its own (or one shared) inner quantizer plugin, then concatenated")
public final class ProductQuantizerProvider implements QuantizerProvider {

    public static final String HEADS = "heads";
    public static final String INNER = "inner";
    public static final String SHARED_CODEBOOK = "sharedCodebook";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(HEADS, 2, 1, null, "number of channel groups; must divide the latent channels; "
                    + "indices are (B, heads, H, W)")
            .plugin(INNER, QuantizerProvider.class, "vq",
                    "the quantizer plugin of each head, of dimension latentChannels / heads, configured under inner.*")
            .bool(SHARED_CODEBOOK, false, "one inner quantizer (one codebook) for every head")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        int heads = params.getInt(HEADS);
        int channels = shapes.latentChannels();
        if (channels % heads == 0) {
            return List.of();
        }
        return List.of(new ConfigProblem(HEADS, heads + " does not divide the " + channels
                + " latent channels; allowed: " + divisors(channels)));
    }

    /** The divisors of {@code n}, ascending, e.g. "1, 2, 4, 8, 16, 32, 64". */
    static String divisors(int n) {
        List<String> found = new ArrayList<>();
        for (int d = 1; d <= n; d++) {
            if (n % d == 0) {
                found.add(Integer.toString(d));
            }
        }
        return String.join(", ", found);
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        int heads = params.getInt(HEADS);
        if (dimension % heads != 0) {
            throw new IllegalArgumentException("heads: " + heads + " does not divide the " + dimension
                    + " channels; allowed: " + divisors(dimension));
        }
        PluginConfig inner = params.getPlugin(INNER);
        return new ProductQuantizer(dimension, heads, params.getBoolean(SHARED_CODEBOOK),
                () -> context.newQuantizer(inner, dimension / heads));
    }
}
