package org.vqforge.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.interpol.ConfigurationInterpolator;

/** Moves config values between dotted keys and nested maps, and resolves {@code ${key}} references. */
public final class ConfigTree {

    private ConfigTree() {}

    /**
     * Deletes {@code key} from dotted keys: the key itself and, for a section, every key under it.
     *
     * @return whether anything was deleted
     */
    static boolean remove(Map<String, Object> flat, String key) {
        return flat.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "."));
    }

    /** {@code {a: {b: 1}}} becomes {@code {a.b: 1}}; lists are values. */
    public static Map<String, Object> flatten(Map<?, ?> tree) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flattenInto("", tree, flat);
        return flat;
    }

    private static void flattenInto(String prefix, Map<?, ?> tree, Map<String, Object> flat) {
        for (Map.Entry<?, ?> entry : tree.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof Map) {
                flattenInto(key, (Map<?, ?>) entry.getValue(), flat);
            } else {
                flat.put(key, entry.getValue());
            }
        }
    }

    /**
     * Replaces {@code ${other.key}} in values by the value of that key of the same config. Nothing
     * else is looked up: no {@code sys:}, {@code env:}, {@code file:}, {@code url:}, {@code dns:} or
     * {@code script:}, so a config file cannot read files, the network or the environment, nor run
     * code. A reference left unresolved is a problem.
     */
    static Map<String, Object> interpolate(Map<String, Object> flat, ProblemList problems) {
        BaseConfiguration config = new BaseConfiguration();
        // no prefix lookups, no default lookups: only this config's own keys
        config.installInterpolator(Map.of(), List.of());
        flat.forEach((key, value) -> {
            if (value != null) {
                config.setProperty(key, value);
            }
        });
        ConfigurationInterpolator interpolator = config.getInterpolator();
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : flat.entrySet()) {
            Object value = entry.getValue();
            try {
                if (value instanceof List) {
                    List<Object> elements = new ArrayList<>();
                    for (Object element : (List<?>) value) {
                        elements.add(checked(entry.getKey(), interpolator.interpolate(element), problems));
                    }
                    value = elements;
                } else {
                    value = checked(entry.getKey(), interpolator.interpolate(value), problems);
                }
            } catch (IllegalStateException e) {
                problems.add(entry.getKey(), "circular reference: " + e.getMessage());
            }
            out.put(entry.getKey(), value);
        }
        return out;
    }

    private static Object checked(String key, Object value, ProblemList problems) {
        if (value instanceof String && ((String) value).contains("${")) {
            problems.add(key, "cannot resolve '" + value + "': only references to other keys set in this"
                    + " config, like ${train.seed}, are allowed");
        }
        return value;
    }

    /** {@code {a.b: 1}} becomes {@code {a: {b: 1}}}; a key used both as a value and a section is a problem. */
    static Map<String, Object> nest(Map<String, Object> flat, ProblemList problems) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : flat.entrySet()) {
            String key = entry.getKey();
            String[] parts = key.split("\\.", -1);
            if (List.of(parts).contains("")) {
                problems.add(key, "a key must not have empty parts");
                continue;
            }
            place(root, parts, key, entry.getValue(), problems);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void place(Map<String, Object> root, String[] parts, String key, Object value, ProblemList problems) {
        Map<String, Object> node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.get(parts[i]);
            if (child == null) {
                child = new LinkedHashMap<String, Object>();
                node.put(parts[i], child);
            } else if (!(child instanceof Map)) {
                String prefix = String.join(".", List.of(parts).subList(0, i + 1));
                problems.add(prefix, "given both as a value and as a section (" + key + ")");
                return;
            }
            node = (Map<String, Object>) child;
        }
        String last = parts[parts.length - 1];
        if (node.get(last) instanceof Map) {
            problems.add(key, "given both as a value and as a section");
            return;
        }
        node.put(last, value);
    }
}
