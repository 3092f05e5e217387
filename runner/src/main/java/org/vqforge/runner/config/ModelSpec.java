package org.vqforge.runner.config;

import org.vqforge.api.plugin.PluginConfig;

/**
 * The {@code model} section.
 *
 * @param type the model family; {@code vqvae}
 * @param latentChannels channels between encoder, quantizer and decoder
 * @param encoder the encoder architecture plugin
 * @param quantizer the quantizer plugin
 * @param decoder the decoder architecture plugin
 */
public record ModelSpec(String type, int latentChannels, PluginConfig encoder, PluginConfig quantizer,
        PluginConfig decoder) {}
