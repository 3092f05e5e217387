package org.vqforge.api.loss;

import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginProvider;

/**
 * Extension point for losses. Config keys: {@code loss.reconstruction.type} (and later {@code
 * loss.perceptual.type}, {@code loss.adversarial.type}).
 */
public interface LossProvider extends PluginProvider {

    /** The kind of loss {@link #create} returns. */
    LossKind kind();

    /** Builds the loss. A loss that loads a file (a feature network) does it here. */
    Loss create(Parameters params, BuildContext context);
}
