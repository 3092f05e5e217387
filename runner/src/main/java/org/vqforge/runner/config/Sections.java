package org.vqforge.runner.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.ParameterType;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.runner.discovery.NearestName;

/** Reads one section of the nested config: unknown keys, values checked against a schema. */
final class Sections {

    private Sections() {}

    /** The section {@code name} of {@code parent}: empty when absent, a problem when it is a value. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> parent, String name, String fullKey, ProblemList problems) {
        Object value = parent.get(name);
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        problems.add(fullKey, "must be a section with keys under it, not a value ('" + value + "')");
        return Map.of();
    }

    /**
     * Reports every key of {@code section} not in {@code known}, each leaf with its full key.
     *
     * @param prefix the section's full key, "" for the top level
     * @param label how to name the section in the message, e.g. {@code model.quantizer (vq)}
     */
    static void rejectUnknown(String prefix, Map<String, Object> section, Collection<String> known, String label,
            ProblemList problems) {
        for (Map.Entry<String, Object> entry : section.entrySet()) {
            String name = entry.getKey();
            if (known.contains(name)) {
                continue;
            }
            Optional<String> nearest = NearestName.among(name, known);
            String message = (prefix.isEmpty() ? "unknown section '" : "unknown key '") + name + "'; "
                    + nearest.map(n -> "did you mean '" + n + "'? ").orElse("")
                    + (prefix.isEmpty() ? "known sections: " : "known keys of " + label + ": ")
                    + (known.isEmpty() ? "none" : String.join(", ", known));
            String key = prefix.isEmpty() ? name : prefix + "." + name;
            for (String leaf : leaves(key, entry.getValue())) {
                problems.add(leaf, message);
            }
        }
    }

    /** The full keys of the values at {@code key}: each leaf of a section, or {@code key} itself. */
    static List<String> leaves(String key, Object value) {
        if (value instanceof Map<?, ?> section && !section.isEmpty()) {
            return ConfigTree.flatten(section).keySet().stream().map(leaf -> key + "." + leaf).toList();
        }
        return List.of(key);
    }

    /**
     * The values of {@code section} that {@code schema} declares, checked, defaults filled in.
     * Parameters of type plugin are left at their default name: they are nested slots, resolved by
     * the caller. Unknown keys are the caller's business too ({@link #rejectUnknown}).
     */
    static Parameters values(String prefix, Map<String, Object> section, ParameterSchema schema, ProblemList problems) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (ParameterSpec spec : schema.specs()) {
            if (spec.type() != ParameterType.PLUGIN && section.containsKey(spec.name())) {
                usable(prefix, spec, section.get(spec.name()), problems).ifPresent(v -> raw.put(spec.name(), v));
            }
        }
        List<ConfigProblem> local = new ArrayList<>();
        Parameters params = schema.resolve(raw, local);
        problems.addAll(prefix, local);
        return params;
    }

    /** The value of one lone spec in {@code section}, checked; its default when absent or wrong. */
    static Object value(String prefix, Map<String, Object> section, ParameterSpec spec, ProblemList problems) {
        if (!section.containsKey(spec.name())) {
            return spec.defaultValue();
        }
        Optional<Object> raw = usable(prefix, spec, section.get(spec.name()), problems);
        if (raw.isEmpty()) {
            return spec.defaultValue();
        }
        String key = prefix + "." + spec.name();
        try {
            Object value = spec.convert(raw.get());
            Optional<String> bad = spec.problemWith(value);
            if (bad.isPresent()) {
                problems.add(key, bad.get());
                return spec.defaultValue();
            }
            return value;
        } catch (IllegalArgumentException e) {
            problems.add(key, e.getMessage() + " (allowed: " + spec.allowed() + ")");
            return spec.defaultValue();
        }
    }

    /** What a value is expected to be, e.g. {@code integer in [0, +inf)} or {@code one of [a, b]}. */
    static String expected(ParameterSpec spec) {
        String allowed = spec.allowed();
        String type = spec.type().description();
        return allowed.startsWith(type) || spec.type() == ParameterType.CHOICE || spec.type() == ParameterType.PLUGIN
                ? allowed
                : type + " in " + allowed;
    }

    private static Optional<Object> usable(String prefix, ParameterSpec spec, Object value, ProblemList problems) {
        String key = prefix + "." + spec.name();
        if (value == null) {
            problems.add(key, "has no value; expected " + expected(spec));
            return Optional.empty();
        }
        if (value instanceof Map) {
            problems.add(key, "expected " + expected(spec) + ", not a section");
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
