package org.vqforge.api.plugin;

/**
 * One thing wrong with a configuration.
 *
 * @param key the offending key (relative to the plugin when returned by a plugin; the runner
 *     prefixes it with the plugin's place in the config)
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(String key, String message) {

    /** The same problem with its key placed under {@code prefix}. */
    public ConfigProblem under(String prefix) {
        return new ConfigProblem(prefix.isEmpty() ? key : prefix + "." + key, message);
    }

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
