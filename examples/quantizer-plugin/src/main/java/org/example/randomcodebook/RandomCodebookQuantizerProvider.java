package org.example.randomcodebook;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;

/**
 * The {@code random-codebook} plugin. A provider is what vqf discovers: it is created for every
 * {@code vqf plugins} listing and config check, so it holds no tensors and does no work until
 * {@link #create} is called. The {@link Plugin} annotation is read without instantiating it.
 */
@Plugin(name = "random-codebook",
        description = "VQ against a fixed random codebook (no codebook learning; commitment loss only)")
public final class RandomCodebookQuantizerProvider implements QuantizerProvider {

    public static final String CODEBOOK_SIZE = "codebookSize";
    public static final String BETA = "beta";
    public static final String SCALE = "scale";

    // Users set these as model.quantizer.<name>; vqf checks types and ranges, fills in defaults
    // and prints them in `vqf plugins` before anything is built.
    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CODEBOOK_SIZE, 256, 1, null, "number of codes K")
            .real(BETA, 0.25, 0.0, null, "weight of the commitment loss beta * mean((z - sg(q))^2)")
            .positive(SCALE, 1.0, null, "standard deviation of the N(0, scale^2) codebook entries")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        // The codebook is drawn when vqf initialises the model, from the engine's generator that
        // vqf seeds with train.seed, so runs with the same seed share the same codebook.
        return new RandomCodebookQuantizer(dimension, params.getInt(CODEBOOK_SIZE),
                params.getDouble(BETA), params.getDouble(SCALE));
    }
}
