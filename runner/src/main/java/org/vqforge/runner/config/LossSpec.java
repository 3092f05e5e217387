package org.vqforge.runner.config;

import org.vqforge.api.plugin.PluginConfig;

/**
 * The {@code loss} section.
 *
 * @param reconstruction the reconstruction loss plugin
 * @param reconstructionWeight its weight in the total loss ({@code loss.reconstruction.weight})
 * @param codebookWeight the weight of the quantizer's own loss
 */
public record LossSpec(PluginConfig reconstruction, double reconstructionWeight, double codebookWeight) {}
