/** Quantizer plugins. */
module org.vqforge.quantizers {
    requires org.vqforge.api;

    provides org.vqforge.api.quantizer.QuantizerProvider with
            org.vqforge.quantizers.vq.VqQuantizerProvider,
            org.vqforge.quantizers.ema.EmaQuantizerProvider,
            org.vqforge.quantizers.gumbel.GumbelQuantizerProvider,
            org.vqforge.quantizers.fsq.FsqQuantizerProvider,
            org.vqforge.quantizers.lfq.LfqQuantizerProvider,
            org.vqforge.quantizers.residual.ResidualQuantizerProvider,
            org.vqforge.quantizers.product.ProductQuantizerProvider,
            org.vqforge.quantizers.simvq.SimVqQuantizerProvider;
}
