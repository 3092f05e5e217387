/**
 * Feature networks: small convolutional networks whose activations measure images, for a
 * perceptual loss ({@link org.vqforge.features.FeatureNetwork#layerFeatures}) and a Fréchet
 * distance ({@link org.vqforge.features.FeatureNetwork#embedding}). Pretrained VGG or Inception
 * weights are not assumed: a network is trained with this framework (e.g. as a Fashion-MNIST
 * classifier) and saved to a file that losses and evaluations name.
 *
 * <p>Images reach a network as the runner produces them (pixels scaled to [0, 1]); a network
 * should be trained on images scaled the same way.
 *
 * <h2>File format, version 1</h2>
 *
 * All numbers are big-endian ({@link java.io.DataOutputStream}).
 *
 * <pre>
 * bytes   content
 * 8       magic: the ASCII bytes "VQFFEATN"
 * 4       int32 format version: 1
 * 4       int32 inputChannels
 * 4       int32 imageSize
 * 4       int32 S, the number of stages
 * 4 * S   int32 channels of each stage
 * 4       int32 classes (0: no classifier head)
 * rest    DJL's parameter stream of the network's block ({@code Block.saveParameters}), which
 *         ends the file
 * </pre>
 *
 * The header is read first and rebuilds the layers ({@link
 * org.vqforge.features.FeatureNetworkSpec}); the parameters must then be exactly the ones those
 * layers have, in DJL's order and with the same shapes. A file that fails any check is refused with
 * a {@link org.vqforge.features.FeatureNetworkException} naming it. Files are written to a
 * temporary name in the same directory and renamed, so a reader never sees half a file.
 */
package org.vqforge.features;
