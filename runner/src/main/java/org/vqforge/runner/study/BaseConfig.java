package org.vqforge.runner.study;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A base config's own keys, flat (dotted keys, lists kept), before defaults: trials change these
 * and the resolver fills in the rest, as {@code ./vqf train BASE key=value} would. Starting from
 * the resolved base instead would carry one quantizer's defaults into another's slot. The resolver
 * has already read and validated the file when this reads it.
 */
final class BaseConfig {

    private BaseConfig() {}

    static Map<String, Object> read(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".properties")) {
                Properties p = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(reader);
                }
                Map<String, Object> flat = new LinkedHashMap<>();
                p.stringPropertyNames().stream().sorted().forEach(k -> flat.put(k, p.getProperty(k)));
                return flat;
            }
            Object root = StudyFile.yaml().load(Files.readString(file));
            Map<String, Object> flat = new LinkedHashMap<>();
            if (root instanceof Map<?, ?> map) {
                flatten("", map, flat);
            }
            return flat;
        } catch (IOException | RuntimeException e) {
            throw new StudyException(file + ": cannot read: " + e.getMessage());
        }
    }

    static void flatten(String prefix, Map<?, ?> tree, Map<String, Object> flat) {
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> child && !child.isEmpty()) {
                flatten(key, child, flat);
            } else {
                flat.put(key, e.getValue() instanceof List<?> l ? List.copyOf(l) : e.getValue());
            }
        }
    }

    /**
     * Sets {@code key} in a flat config: whatever was under it goes, then a map value is spread
     * into dotted keys below it (the subtree is replaced), any other value is set as it is.
     */
    static void set(Map<String, Object> flat, String key, Object value) {
        flat.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "."));
        if (value instanceof Map<?, ?> map) {
            flatten(key, map, flat);
        } else {
            flat.put(key, value);
        }
    }
}
