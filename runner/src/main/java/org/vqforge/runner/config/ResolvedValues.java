package org.vqforge.runner.config;

import java.util.Map;
import java.util.Optional;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginConfig;

/**
 * Every checked value of an experiment, by full key: each section's own keys, each slot's chosen
 * plugin (absent for {@code type: none}) and the runner's keys under it. The typed specs
 * ({@link ModelSpec#from}, {@link LossSpec#from}, ...) read from here.
 *
 * @param sections the keys of each section, by section name
 * @param plugins the plugin of each slot that chose one, by slot key
 * @param slotKeys the runner's keys under each slot, by slot key
 */
public record ResolvedValues(Map<String, Parameters> sections, Map<String, PluginConfig> plugins,
        Map<String, Parameters> slotKeys) {

    public ResolvedValues {
        sections = Map.copyOf(sections);
        plugins = Map.copyOf(plugins);
        slotKeys = Map.copyOf(slotKeys);
    }

    /** The keys of section {@code name}. */
    public Parameters keys(String name) {
        return require(sections, name, "section");
    }

    /** The plugin chosen at {@code slotKey}; an error for a slot that is absent or {@code none}. */
    public PluginConfig plugin(String slotKey) {
        return require(plugins, slotKey, "plugin slot");
    }

    public Optional<PluginConfig> optionalPlugin(String slotKey) {
        return Optional.ofNullable(plugins.get(slotKey));
    }

    /** The runner's keys under slot {@code slotKey} (e.g. a loss weight). */
    public Parameters slotKeys(String slotKey) {
        return require(slotKeys, slotKey, "plugin slot");
    }

    private static <V> V require(Map<String, V> map, String key, String what) {
        V value = map.get(key);
        if (value == null) {
            throw new IllegalStateException("this experiment has no " + what + " " + key);
        }
        return value;
    }
}
