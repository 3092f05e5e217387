package org.vqforge.quantizers.gumbel;

import java.util.Arrays;
import java.util.List;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;

/** The {@code gumbel} plugin: {@link GumbelQuantizer}. */
@Plugin(name = "gumbel", description = "Gumbel-softmax quantization: 1x1 projection to K logits, "
        + "codes weighted by softmax((logits + Gumbel noise) / tau) in training (optionally hard with "
        + "straight-through), argmax code in evaluation, KL-to-uniform loss; tau on a schedule")
public final class GumbelQuantizerProvider implements QuantizerProvider {

    public static final String CODEBOOK_SIZE = "codebookSize";
    public static final String KL_WEIGHT = "klWeight";
    public static final String HARD = "hard";
    public static final String TAU_SCHEDULE = "tauSchedule";
    public static final String TAU_START = "tauStart";
    public static final String TAU_END = "tauEnd";
    public static final String TAU_STEPS = "tauSteps";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CODEBOOK_SIZE, 512, 1, null, "number of codes K")
            .real(KL_WEIGHT, 5e-4, 0.0, null, "weight of the KL divergence of softmax(logits) from uniform")
            .bool(HARD, false, "train on the one-hot of the sampled code (straight-through gradient of the soft "
                    + "weights) instead of the soft weights; evaluation is always hard")
            .choice(TAU_SCHEDULE, "constant", scheduleNames(),
                    "how tau goes from tauStart to tauEnd (constant: tauStart throughout)")
            .positive(TAU_START, 1.0, null, "Gumbel-softmax temperature at step 0")
            .positive(TAU_END, 1.0, null, "temperature at tauSteps and after (linear and cosine schedules)")
            .integer(TAU_STEPS, 0, 0, null, "steps from tauStart to tauEnd; 0 = the run's total steps")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Quantizer create(Parameters params, int dimension, BuildContext context) {
        TauSchedule tau = new TauSchedule(TauSchedule.Shape.of(params.getString(TAU_SCHEDULE)),
                params.getDouble(TAU_START), params.getDouble(TAU_END), params.getInt(TAU_STEPS));
        return new GumbelQuantizer(dimension, new GumbelQuantizer.Settings(params.getInt(CODEBOOK_SIZE),
                params.getDouble(KL_WEIGHT), params.getBoolean(HARD), tau));
    }

    /** The schedule's shapes as the config spells them. */
    private static List<String> scheduleNames() {
        return Arrays.stream(TauSchedule.Shape.values()).map(TauSchedule.Shape::configName).toList();
    }
}
