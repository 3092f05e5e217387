package org.vqforge.api.plugin;

import java.util.List;

/**
 * One thing wrong with a configuration.
 *
 * @param key the offending key (relative to the plugin when returned by a plugin; the runner
 *     prefixes it with the plugin's place in the config)
 * @param message what is wrong and what is allowed
 */
public record ConfigProblem(String key, String message) {

    /**
     * Throws an {@link IllegalArgumentException} listing every problem when there is any: for code
     * that builds from parameters the runner has already checked, so a problem here is a caller's bug.
     */
    public static void requireNone(List<ConfigProblem> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.toString());
        }
    }

    /** The same problem with its key placed under {@code prefix}. */
    public ConfigProblem under(String prefix) {
        return new ConfigProblem(prefix.isEmpty() ? key : prefix + "." + key, message);
    }

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
