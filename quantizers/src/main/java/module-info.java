/** Quantizer plugins. */
module org.vqforge.quantizers {
    requires org.vqforge.api;

    provides org.vqforge.api.quantizer.QuantizerProvider with
            org.vqforge.quantizers.vq.VqQuantizerProvider;
}
