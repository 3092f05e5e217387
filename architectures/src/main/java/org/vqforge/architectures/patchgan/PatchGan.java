package org.vqforge.architectures.patchgan;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import org.vqforge.architectures.layers.GroupNorm;
import org.vqforge.architectures.layers.TorchConv;

/**
 * Builds taming-transformers' {@code NLayerDiscriminator} (pix2pix's PatchGAN): 4x4 convolutions
 * with padding 1, stride 2 for the first {@code layers}, then two of stride 1, the last to one
 * channel of patch logits; LeakyReLU(0.2) after all but the last; a norm after all but the first
 * and the last. Convolution weights start normal(0, 0.02), norm scales normal(1, 0.02).
 */
final class PatchGan {

    private static final float SLOPE = 0.2f;
    private static final float INIT_STD = 0.02f;
    /** BatchNorm2d's defaults: eps 1e-5, running averages updated by 0.1 (DJL's momentum 0.9). */
    private static final float BATCH_NORM_EPSILON = 1e-5f;
    private static final float BATCH_NORM_MOMENTUM = 0.9f;
    private static final int MAX_GROUPS = 32;

    private PatchGan() {}

    static Block discriminator(PatchGanSpec spec, int imageChannels) {
        SequentialBlock net = new SequentialBlock();
        net.add(TorchConv.of(imageChannels, spec.ndf(), 4, 2, 1)).add(Activation.leakyReluBlock(SLOPE));
        // a batch norm's shift makes a bias before it redundant; the other norms keep it, as taming
        boolean bias = spec.norm() != PatchGanSpec.Norm.BATCH;
        int in = spec.ndf();
        for (int n = 1; n <= spec.layers(); n++) {
            int out = spec.channels(n);
            int stride = n < spec.layers() ? 2 : 1;
            net.add(TorchConv.of(in, out, 4, stride, 1, bias));
            addNorm(net, spec.norm(), out);
            net.add(Activation.leakyReluBlock(SLOPE));
            in = out;
        }
        net.add(TorchConv.of(in, 1, 4, 1, 1));
        net.setInitializer(new NormalInitializer(INIT_STD), Parameter.Type.WEIGHT);
        net.setInitializer(normalAroundOne(), Parameter.Type.GAMMA);
        return net;
    }

    private static void addNorm(SequentialBlock net, PatchGanSpec.Norm norm, int channels) {
        switch (norm) {
            case BATCH:
                net.add(BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).optMomentum(BATCH_NORM_MOMENTUM).build());
                break;
            case GROUP:
                net.add(GroupNorm.forChannels(channels, MAX_GROUPS));
                break;
            case NONE:
                break;
            default:
                throw new IllegalStateException("unknown norm " + norm);
        }
    }

    private static Initializer normalAroundOne() {
        return (manager, shape, dataType) -> manager.randomNormal(1f, INIT_STD, shape, dataType);
    }
}
