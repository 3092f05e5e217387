/** Encoder, decoder and discriminator plugins. */
module org.vqforge.architectures {
    requires org.vqforge.api;

    provides org.vqforge.api.architecture.ArchitectureProvider with
            org.vqforge.architectures.convresnet.ConvResNetProvider,
            org.vqforge.architectures.vqgan.VqganEncoderProvider,
            org.vqforge.architectures.vqgan.VqganDecoderProvider,
            org.vqforge.architectures.patchgan.PatchGanProvider;
}
