/** Encoder, decoder and discriminator plugins, and the priors over code indices. */
module org.vqforge.architectures {
    requires org.vqforge.api;

    provides org.vqforge.api.architecture.ArchitectureProvider with
            org.vqforge.architectures.convresnet.ConvResNetProvider,
            org.vqforge.architectures.vqgan.VqganEncoderProvider,
            org.vqforge.architectures.vqgan.VqganDecoderProvider,
            org.vqforge.architectures.patchgan.PatchGanProvider;

    provides org.vqforge.api.prior.PriorProvider with
            org.vqforge.architectures.prior.TransformerPriorProvider,
            org.vqforge.architectures.prior.PixelCnnPriorProvider;
}
