package org.vqforge.losses.adversarial;

import org.vqforge.api.loss.Loss;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/** The {@code hinge} adversarial loss. */
@Plugin(name = "hinge", description = "Hinge GAN loss as in taming-transformers: D 0.5*(mean(relu(1-real)) "
        + "+ mean(relu(1+fake))), G -mean(fake)")
public final class HingeLossProvider implements LossProvider {

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
        return new HingeLoss();
    }
}
