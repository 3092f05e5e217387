package org.vqforge.architectures.convresnet;

import ai.djl.nn.Block;
import java.util.ArrayList;
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

/** The {@code conv-resnet} plugin: the reference VQ-VAE's convolutional encoder and decoder. */
@Plugin(name = "conv-resnet", description = "Convolutional encoder/decoder with residual blocks and "
        + "nearest-neighbour upsampling (the reference vqvae-small)")
public final class ConvResNetProvider implements ArchitectureProvider {

    public static final String CHANNELS = "channels";
    public static final String DOWNSAMPLINGS = "downsamplings";
    public static final String RES_BLOCKS = "resBlocks";
    public static final String RES_HIDDEN = "resHidden";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CHANNELS, 128, 1, null, "channels after the last downsampling; halved per level before it")
            .integer(DOWNSAMPLINGS, 2, 1, 16, "stride-2 convolutions in the encoder (upsamplings in the decoder)")
            .integer(RES_BLOCKS, 2, 0, null, "residual blocks in each network")
            .integer(RES_HIDDEN, 32, 1, null, "hidden channels inside a residual block")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Set<NetworkRole> roles() {
        return EnumSet.of(NetworkRole.ENCODER, NetworkRole.DECODER);
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        ConvResNetSpec spec = ConvResNetSpec.from(params);
        List<ConfigProblem> problems = new ArrayList<>();
        int reduction = spec.reduction();
        if (shapes.imageHeight() % reduction != 0 || shapes.imageWidth() % reduction != 0) {
            problems.add(new ConfigProblem(DOWNSAMPLINGS, "images of " + shapes.imageHeight() + "x"
                    + shapes.imageWidth() + " are not divisible by 2^" + spec.downsamplings() + " = " + reduction));
        }
        int halvings = 1 << (spec.downsamplings() - 1);
        if (spec.channels() % halvings != 0) {
            problems.add(new ConfigProblem(CHANNELS, spec.channels() + " is not divisible by 2^(downsamplings - 1) = "
                    + halvings + ", so the earlier levels cannot halve it"));
        }
        return problems;
    }

    @Override
    public Block create(NetworkRole role, Parameters params, BuildContext context) {
        ConfigProblem.requireNone(check(params, context.shapes()));
        ConvResNetSpec spec = ConvResNetSpec.from(params);
        switch (role) {
            case ENCODER:
                return ConvResNet.encoder(spec, context.shapes());
            case DECODER:
                return ConvResNet.decoder(spec, context.shapes());
            default:
                throw new IllegalArgumentException("conv-resnet has no " + role + "; it builds " + roles());
        }
    }
}
