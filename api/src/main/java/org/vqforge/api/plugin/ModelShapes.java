package org.vqforge.api.plugin;

/**
 * The shapes a model is assembled for, so plugins can size themselves and check their
 * parameters against them.
 *
 * @param imageChannels channels of the input images (1 for Fashion-MNIST)
 * @param imageHeight input height in pixels
 * @param imageWidth input width in pixels
 * @param latentChannels channels of the encoder output, the quantizer's input and the decoder's
 *     input
 */
public record ModelShapes(int imageChannels, int imageHeight, int imageWidth, int latentChannels) {

    public ModelShapes {
        if (imageChannels < 1 || imageHeight < 1 || imageWidth < 1 || latentChannels < 1) {
            throw new IllegalArgumentException("shapes must be positive: " + imageChannels + "x"
                    + imageHeight + "x" + imageWidth + ", latent " + latentChannels);
        }
    }
}
