package org.vqforge.losses.pixel;

import org.vqforge.api.loss.Loss;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/** The {@code mse} reconstruction loss. */
@Plugin(name = "mse", description = "Mean squared error over all pixels and channels (F.mse_loss)")
public final class MseLossProvider implements LossProvider {

    @Override
    public ParameterSchema schema() {
        return ParameterSchema.empty();
    }

    @Override
    public LossKind kind() {
        return LossKind.RECONSTRUCTION;
    }

    @Override
    public Loss create(Parameters params, BuildContext context) {
        return PixelLoss.meanSquared();
    }
}
