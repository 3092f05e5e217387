package org.vqforge.runner.config;

import java.util.Optional;
import org.vqforge.api.plugin.PluginConfig;

/**
 * The {@code model} section.
 *
 * @param type the model family: {@code vqvae} or {@code vqgan}
 * @param latentChannels channels between encoder, quantizer and decoder
 * @param encoder the encoder architecture plugin
 * @param quantizer the quantizer plugin
 * @param decoder the decoder architecture plugin
 * @param discriminator the discriminator architecture plugin of a vqgan; null for a vqvae
 */
public record ModelSpec(String type, int latentChannels, PluginConfig encoder, PluginConfig quantizer,
        PluginConfig decoder, PluginConfig discriminator) {

    /** A vqvae: no discriminator. */
    public ModelSpec(String type, int latentChannels, PluginConfig encoder, PluginConfig quantizer,
            PluginConfig decoder) {
        this(type, latentChannels, encoder, quantizer, decoder, null);
    }

    /** The discriminator, present exactly for a vqgan. */
    public Optional<PluginConfig> optionalDiscriminator() {
        return Optional.ofNullable(discriminator);
    }
}
