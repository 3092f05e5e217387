package org.vqforge.api.plugin;

/**
 * A plugin chosen by name with its validated parameters: the value of a {@link
 * ParameterType#PLUGIN} parameter (e.g. the inner quantizer of a residual quantizer).
 *
 * @param type the plugin name
 * @param params its parameters, defaults filled in
 */
public record PluginConfig(String type, Parameters params) {}
