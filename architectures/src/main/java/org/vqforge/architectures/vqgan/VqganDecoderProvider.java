package org.vqforge.architectures.vqgan;

import ai.djl.nn.Block;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/**
 * The {@code vqgan-decoder} plugin: taming-transformers' VQGAN decoder, the mirror of {@code
 * vqgan-encoder} with the same parameters. Its last parameter named weight is conv_out's.
 */
@Plugin(name = "vqgan-decoder", description = "VQGAN decoder (taming-transformers): mirrors vqgan-encoder, "
        + "upsampling by nearest-neighbour x2 + 3x3 convolution")
public final class VqganDecoderProvider implements ArchitectureProvider {

    @Override
    public ParameterSchema schema() {
        return VqganSpec.SCHEMA;
    }

    @Override
    public Set<NetworkRole> roles() {
        return EnumSet.of(NetworkRole.DECODER);
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        return VqganSpec.from(params).problems(shapes);
    }

    @Override
    public Block create(NetworkRole role, Parameters params, BuildContext context) {
        if (role != NetworkRole.DECODER) {
            throw new IllegalArgumentException("vqgan-decoder has no " + role + "; it builds " + roles()
                    + " (the encoder is vqgan-encoder)");
        }
        return VqganNetworks.decoder(VqganEncoderProvider.checked(params, context.shapes()), context.shapes());
    }
}
