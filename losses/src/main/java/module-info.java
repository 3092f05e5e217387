/** Loss plugins. */
module org.vqforge.losses {
    requires org.vqforge.api;
    requires org.vqforge.features;

    provides org.vqforge.api.loss.LossProvider with
            org.vqforge.losses.pixel.MseLossProvider,
            org.vqforge.losses.pixel.L1LossProvider,
            org.vqforge.losses.perceptual.PerceptualLossProvider,
            org.vqforge.losses.adversarial.HingeLossProvider,
            org.vqforge.losses.adversarial.NonSaturatingLossProvider,
            org.vqforge.losses.adversarial.WassersteinLossProvider;
}
