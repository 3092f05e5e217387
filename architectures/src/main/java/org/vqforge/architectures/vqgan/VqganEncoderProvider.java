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

/** The {@code vqgan-encoder} plugin: taming-transformers' VQGAN encoder. */
@Plugin(name = "vqgan-encoder", description = "VQGAN encoder (taming-transformers): residual blocks with "
        + "GroupNorm and swish per resolution level, stride-2 downsampling, self-attention")
public final class VqganEncoderProvider implements ArchitectureProvider {

    @Override
    public ParameterSchema schema() {
        return VqganSpec.SCHEMA;
    }

    @Override
    public Set<NetworkRole> roles() {
        return EnumSet.of(NetworkRole.ENCODER);
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        return VqganSpec.from(params).problems(shapes);
    }

    @Override
    public Block create(NetworkRole role, Parameters params, BuildContext context) {
        if (role != NetworkRole.ENCODER) {
            throw new IllegalArgumentException("vqgan-encoder has no " + role + "; it builds " + roles()
                    + " (the decoder is vqgan-decoder)");
        }
        return VqganNetworks.encoder(checked(params, context.shapes()), context.shapes());
    }

    /** The spec, or an exception listing every problem. */
    static VqganSpec checked(Parameters params, ModelShapes shapes) {
        VqganSpec spec = VqganSpec.from(params);
        ConfigProblem.requireNone(spec.problems(shapes));
        return spec;
    }
}
