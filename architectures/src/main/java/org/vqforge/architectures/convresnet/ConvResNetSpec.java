package org.vqforge.architectures.convresnet;

import org.vqforge.api.plugin.Parameters;

/**
 * The sizes of a conv-resnet encoder/decoder pair.
 *
 * @param channels channels after the last downsampling (and of the residual blocks)
 * @param downsamplings number of stride-2 convolutions (the decoder upsamples as often)
 * @param resBlocks residual blocks in each network
 * @param resHidden hidden channels inside a residual block
 */
record ConvResNetSpec(int channels, int downsamplings, int resBlocks, int resHidden) {

    static ConvResNetSpec from(Parameters params) {
        return new ConvResNetSpec(
                params.getInt(ConvResNetProvider.CHANNELS),
                params.getInt(ConvResNetProvider.DOWNSAMPLINGS),
                params.getInt(ConvResNetProvider.RES_BLOCKS),
                params.getInt(ConvResNetProvider.RES_HIDDEN));
    }

    /**
     * Channels after encoder level {@code level} (0-based): halved per level counted back from the
     * last, e.g. 64 then 128 for 128 channels and 2 levels.
     */
    int levelChannels(int level) {
        return channels >> (downsamplings - 1 - level);
    }

    /** The factor by which the image is reduced: 2^downsamplings. */
    int reduction() {
        return 1 << downsamplings;
    }
}
