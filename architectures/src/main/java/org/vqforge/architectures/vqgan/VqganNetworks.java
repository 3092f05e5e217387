package org.vqforge.architectures.vqgan;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.architectures.layers.Downsampling;
import org.vqforge.architectures.layers.GroupNorm;
import org.vqforge.architectures.layers.SelfAttention;
import org.vqforge.architectures.layers.Swish;
import org.vqforge.architectures.layers.TorchConv;
import org.vqforge.architectures.layers.Upsampling;

/** Builds taming-transformers' {@code Encoder} and {@code Decoder} (VQGAN, no timestep input). */
final class VqganNetworks {

    private VqganNetworks() {}

    /**
     * conv_in; per level numResBlocks residual blocks (each followed by attention at the listed
     * sizes) and a stride-2 downsampling except after the last level; middle (res, attention, res);
     * GroupNorm, swish, conv_out to the latent channels.
     */
    static Block encoder(VqganSpec spec, ModelShapes shapes) {
        SequentialBlock net = new SequentialBlock();
        int in = spec.ch();
        net.add(TorchConv.of(shapes.imageChannels(), in, 3, 1, 1));
        int height = shapes.imageHeight();
        for (int level = 0; level < spec.levels(); level++) {
            int out = spec.channels(level);
            for (int block = 0; block < spec.numResBlocks(); block++) {
                net.add(new ResnetBlock(in, out, spec.dropout(), spec.groups()));
                in = out;
                if (spec.attendsAt(height)) {
                    net.add(new SelfAttention(in, spec.groups()));
                }
            }
            if (level != spec.levels() - 1) {
                net.add(Downsampling.stride2Conv(in));
                height /= 2;
            }
        }
        addMiddle(net, in, spec);
        addOutput(net, in, spec.latentChannels(shapes), spec);
        return net;
    }

    /**
     * conv_in from the latents; middle; per level from the smallest numResBlocks + 1 residual
     * blocks (attention after each at the listed sizes) and, except at the image size, nearest x2
     * upsampling + 3x3 convolution; GroupNorm, swish, conv_out to the image channels. conv_out's
     * weight is the last parameter named weight (VQGAN's adaptive weight is taken against it).
     */
    static Block decoder(VqganSpec spec, ModelShapes shapes) {
        SequentialBlock net = new SequentialBlock();
        int last = spec.levels() - 1;
        int in = spec.channels(last);
        int height = shapes.imageHeight() >> last;
        net.add(TorchConv.of(spec.latentChannels(shapes), in, 3, 1, 1));
        addMiddle(net, in, spec);
        for (int level = last; level >= 0; level--) {
            int out = spec.channels(level);
            for (int block = 0; block < spec.numResBlocks() + 1; block++) {
                net.add(new ResnetBlock(in, out, spec.dropout(), spec.groups()));
                in = out;
                if (spec.attendsAt(height)) {
                    net.add(new SelfAttention(in, spec.groups()));
                }
            }
            if (level != 0) {
                net.add(Upsampling.nearest2xBlock()).add(TorchConv.of(in, in, 3, 1, 1));
                height *= 2;
            }
        }
        addOutput(net, in, shapes.imageChannels(), spec);
        return net;
    }

    private static void addMiddle(SequentialBlock net, int channels, VqganSpec spec) {
        net.add(new ResnetBlock(channels, channels, spec.dropout(), spec.groups()))
                .add(new SelfAttention(channels, spec.groups()))
                .add(new ResnetBlock(channels, channels, spec.dropout(), spec.groups()));
    }

    private static void addOutput(SequentialBlock net, int channels, int outChannels, VqganSpec spec) {
        net.add(GroupNorm.forChannels(channels, spec.groups()))
                .add(Swish.block())
                .add(TorchConv.of(channels, outChannels, 3, 1, 1));
    }
}
