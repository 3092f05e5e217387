package org.vqforge.runner.study;

import java.util.Map;
import org.vqforge.runner.config.ConfigTree;

/**
 * Changes to a base config's own keys, flat (dotted keys, lists kept), before defaults
 * ({@link org.vqforge.runner.config.ConfigResolver#read}): trials change these and the resolver
 * fills in the rest, as {@code ./vqf train BASE key=value} would. Starting from the resolved base
 * instead would carry one quantizer's defaults into another's slot.
 */
final class BaseConfig {

    private BaseConfig() {}

    /**
     * Sets {@code key} in a flat config: whatever was under it goes, then a map value is spread
     * into dotted keys below it (the subtree is replaced), any other value is set as it is.
     */
    static void set(Map<String, Object> flat, String key, Object value) {
        flat.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "."));
        if (value instanceof Map<?, ?> map) {
            flat.putAll(ConfigTree.flatten(Map.of(key, map)));
        } else {
            flat.put(key, value);
        }
    }
}
