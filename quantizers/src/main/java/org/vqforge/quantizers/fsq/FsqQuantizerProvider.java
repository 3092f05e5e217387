package org.vqforge.quantizers.fsq;

import java.util.List;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;

/** The {@code fsq} plugin: {@link FsqQuantizer}. */
@Plugin(name = "fsq", description = "Finite scalar quantization (Mentzer et al. 2023): tanh-bounded "
        + "channels rounded to fixed levels, implicit codebook of prod(levels) codes, no auxiliary loss; "
        + "latents with other than len(levels) channels are projected in and out by learned 1x1 maps")
public final class FsqQuantizerProvider implements QuantizerProvider {

    public static final String LEVELS = "levels";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .intList(LEVELS, List.of(8, 5, 5, 5), 1, 2, null,
                    "levels per code channel; the codebook has prod(levels) codes (at most 2^31 - 1)")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        List<Integer> levels = params.getIntList(LEVELS);
        if (FsqLevels.product(levels) < 0) {
            return List.of(new ConfigProblem(LEVELS, "the product of " + levels + " exceeds "
                    + Integer.MAX_VALUE + " codes; allowed: a product in [2, " + Integer.MAX_VALUE + "]"));
        }
        return List.of();
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        return new FsqQuantizer(dimension, params.getIntList(LEVELS));
    }
}
