package org.vqforge.losses.adversarial;

import java.util.List;
import org.vqforge.api.loss.Loss;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/** The {@code wasserstein} adversarial loss. */
@Plugin(name = "wasserstein", description = "Wasserstein GAN loss: critic mean(fake) - mean(real) with a "
        + "gradient penalty (WGAN-GP) or weight clipping (WGAN), G -mean(fake)")
public final class WassersteinLossProvider implements LossProvider {

    public static final String PENALTY = "penalty";
    public static final String GP_WEIGHT = "gpWeight";
    public static final String CLIP_VALUE = "clipValue";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .choice(PENALTY, "gp", List.of("gp", "clip"), "how the critic is kept 1-Lipschitz: gp adds "
                    + "gpWeight * mean((||grad_xhat D(xhat)||_2 - 1)^2) at random interpolates xhat of real "
                    + "and fake images (double backward); clip clamps every critic parameter to "
                    + "[-clipValue, clipValue] after each critic step")
            .positive(GP_WEIGHT, 10.0, null, "weight lambda of the gradient penalty (penalty gp only)")
            .positive(CLIP_VALUE, 0.01, null, "bound c of the weight clipping (penalty clip only)")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public LossKind kind() {
        return LossKind.ADVERSARIAL;
    }

    @Override
    public Loss create(Parameters params, BuildContext context) {
        LipschitzConstraint constraint = params.getString(PENALTY).equals("clip")
                ? new WeightClipping(params.getDouble(CLIP_VALUE))
                : new GradientPenalty(params.getDouble(GP_WEIGHT));
        return new WassersteinLoss(constraint);
    }
}
