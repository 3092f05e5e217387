/** Encoder, decoder and discriminator plugins. */
module org.vqforge.architectures {
    requires org.vqforge.api;

    provides org.vqforge.api.architecture.ArchitectureProvider with
            org.vqforge.architectures.convresnet.ConvResNetProvider;
}
