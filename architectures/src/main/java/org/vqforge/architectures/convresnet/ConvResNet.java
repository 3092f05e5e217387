package org.vqforge.architectures.convresnet;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.architectures.layers.ResidualBlock;
import org.vqforge.architectures.layers.TorchConv;
import org.vqforge.architectures.layers.Upsampling;

/** Builds the encoder and decoder of the reference "vqvae-small" model at any size. */
final class ConvResNet {

    private ConvResNet() {}

    /** Conv(k4, s2, p1) + ReLU per level, residual blocks, then Conv1x1 to the latent channels. */
    static Block encoder(ConvResNetSpec spec, ModelShapes shapes) {
        SequentialBlock net = new SequentialBlock();
        int in = shapes.imageChannels();
        for (int level = 0; level < spec.downsamplings(); level++) {
            int out = spec.levelChannels(level);
            net.add(TorchConv.of(in, out, 4, 2, 1)).add(Activation.reluBlock());
            in = out;
        }
        addResidualBlocks(net, spec);
        net.add(TorchConv.of(spec.channels(), shapes.latentChannels(), 1, 1, 0));
        return net;
    }

    /**
     * Conv3x3 from the latents, residual blocks, ReLU, then per level Up2 + Conv3x3 with ReLU
     * between levels; the last convolution outputs the image channels with no activation.
     */
    static Block decoder(ConvResNetSpec spec, ModelShapes shapes) {
        SequentialBlock net = new SequentialBlock();
        net.add(TorchConv.of(shapes.latentChannels(), spec.channels(), 3, 1, 1));
        addResidualBlocks(net, spec);
        net.add(Activation.reluBlock());
        int in = spec.channels();
        int levels = spec.downsamplings();
        for (int i = 0; i < levels; i++) {
            boolean last = i == levels - 1;
            // mirrors the encoder: level i here undoes encoder level (levels - 1 - i)
            int out = last ? shapes.imageChannels() : spec.levelChannels(levels - 2 - i);
            net.add(Upsampling.nearest2xBlock()).add(TorchConv.of(in, out, 3, 1, 1));
            if (!last) {
                net.add(Activation.reluBlock());
            }
            in = out;
        }
        return net;
    }

    /** Res(c): x + Conv1x1(hidden -> c)(ReLU(Conv3x3(c -> hidden, p1)(ReLU(x)))). */
    static ResidualBlock residual(int channels, int hidden) {
        return new ResidualBlock(new SequentialBlock()
                .add(Activation.reluBlock())
                .add(TorchConv.of(channels, hidden, 3, 1, 1))
                .add(Activation.reluBlock())
                .add(TorchConv.of(hidden, channels, 1, 1, 0)));
    }

    private static void addResidualBlocks(SequentialBlock net, ConvResNetSpec spec) {
        for (int i = 0; i < spec.resBlocks(); i++) {
            net.add(residual(spec.channels(), spec.resHidden()));
        }
    }
}
