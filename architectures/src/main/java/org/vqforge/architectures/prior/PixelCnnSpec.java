package org.vqforge.architectures.prior;

import org.vqforge.api.plugin.Parameters;

/**
 * The sizes of a gated PixelCNN prior.
 *
 * @param channels channels of both stacks
 * @param layers gated layers
 * @param kernel width of the masked convolutions (odd)
 * @param classDropout probability of replacing the class by "no class" in training
 */
record PixelCnnSpec(int channels, int layers, int kernel, double classDropout) {

    static PixelCnnSpec from(Parameters params) {
        return new PixelCnnSpec(
                params.getInt(PixelCnnPriorProvider.CHANNELS),
                params.getInt(PixelCnnPriorProvider.LAYERS),
                params.getInt(PixelCnnPriorProvider.KERNEL),
                params.getDouble(PixelCnnPriorProvider.CLASS_DROPOUT));
    }
}
