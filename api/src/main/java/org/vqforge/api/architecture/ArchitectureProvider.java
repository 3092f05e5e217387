package org.vqforge.api.architecture;

import ai.djl.nn.Block;
import java.util.Set;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginProvider;

/**
 * Extension point for networks. Config keys: {@code model.encoder.type}, {@code
 * model.decoder.type} (and {@code model.discriminator.type} for adversarial models).
 */
public interface ArchitectureProvider extends PluginProvider {

    /** The roles this architecture can fill. */
    Set<NetworkRole> roles();

    /**
     * Builds an uninitialised network for {@code role}, sized from {@code context.shapes()}.
     *
     * @throws IllegalArgumentException when the role is not among {@link #roles()}
     */
    Block create(NetworkRole role, Parameters params, BuildContext context);
}
