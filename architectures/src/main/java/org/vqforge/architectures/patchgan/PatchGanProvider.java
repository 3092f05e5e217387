package org.vqforge.architectures.patchgan;

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

/** The {@code patchgan} plugin: a PatchGAN discriminator with one logit per image patch. */
@Plugin(name = "patchgan", description = "PatchGAN discriminator (taming-transformers' NLayerDiscriminator): "
        + "4x4 convolutions, LeakyReLU 0.2, one real/fake logit per patch")
public final class PatchGanProvider implements ArchitectureProvider {

    @Override
    public ParameterSchema schema() {
        return PatchGanSpec.SCHEMA;
    }

    @Override
    public Set<NetworkRole> roles() {
        return EnumSet.of(NetworkRole.DISCRIMINATOR);
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        return PatchGanSpec.from(params).problems(shapes);
    }

    @Override
    public Block create(NetworkRole role, Parameters params, BuildContext context) {
        if (role != NetworkRole.DISCRIMINATOR) {
            throw new IllegalArgumentException("patchgan has no " + role + "; it builds " + roles());
        }
        PatchGanSpec spec = PatchGanSpec.from(params);
        ConfigProblem.requireNone(spec.problems(context.shapes()));
        return PatchGan.discriminator(spec, context.shapes().imageChannels());
    }
}
