package org.vqforge.losses.adversarial;

import org.vqforge.api.loss.Loss;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/** The {@code non-saturating} adversarial loss. */
@Plugin(name = "non-saturating", description = "Original GAN loss on logits with the non-saturating "
        + "generator: D mean(softplus(-real)) + mean(softplus(fake)), G mean(softplus(-fake))")
public final class NonSaturatingLossProvider implements LossProvider {

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.empty();
    }

    @Override
    public LossKind kind() {
        return LossKind.ADVERSARIAL;
    }

    @Override
    public Loss create(Parameters params, BuildContext context) {
        return new NonSaturatingLoss();
    }
}
