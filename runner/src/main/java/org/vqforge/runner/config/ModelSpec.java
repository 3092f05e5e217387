package org.vqforge.runner.config;

import java.util.Optional;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.PluginConfig;

/**
 * The {@code model} section of a tokenizer (an autoencoder with a quantizer between encoder and
 * decoder: {@code vqvae}, {@code vqgan}).
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

    /** The runner's keys of a tokenizer's {@code model} section (beside its slots). */
    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer("latentChannels", 64, 1, 4096, "channels between encoder, quantizer and decoder")
            .build();

    public static final String ENCODER = "model.encoder";
    public static final String QUANTIZER = "model.quantizer";
    public static final String DECODER = "model.decoder";
    public static final String DISCRIMINATOR = "model.discriminator";

    /** A vqvae: no discriminator. */
    public ModelSpec(String type, int latentChannels, PluginConfig encoder, PluginConfig quantizer,
            PluginConfig decoder) {
        this(type, latentChannels, encoder, quantizer, decoder, null);
    }

    /** The spec of a resolved tokenizer of model type {@code type}. */
    public static ModelSpec from(String type, ResolvedValues values) {
        return new ModelSpec(type, values.keys("model").getInt("latentChannels"), values.plugin(ENCODER),
                values.plugin(QUANTIZER), values.plugin(DECODER), values.optionalPlugin(DISCRIMINATOR).orElse(null));
    }

    /** The discriminator, present exactly for a vqgan. */
    public Optional<PluginConfig> optionalDiscriminator() {
        return Optional.ofNullable(discriminator);
    }
}
