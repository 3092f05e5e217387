package org.vqforge.api.plugin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters a plugin declares. The runner validates configs against it, fills in defaults,
 * and prints it in {@code vqf plugins}, all without building the plugin.
 */
public final class ParameterSchema {

    private static final ParameterSchema EMPTY = new ParameterSchema(List.of());

    private final Map<String, ParameterSpec> specs;

    private ParameterSchema(List<ParameterSpec> specs) {
        Map<String, ParameterSpec> byName = new LinkedHashMap<>();
        for (ParameterSpec spec : specs) {
            if (spec.name().equals("type")) {
                throw new IllegalArgumentException("'type' is reserved: it names the plugin itself");
            }
            if (byName.put(spec.name(), spec) != null) {
                throw new IllegalArgumentException("parameter declared twice: " + spec.name());
            }
        }
        this.specs = Collections.unmodifiableMap(byName);
    }

    /** A schema with no parameters. */
    public static ParameterSchema empty() {
        return EMPTY;
    }

    /** Starts a schema. */
    public static Builder builder() {
        return new Builder();
    }

    /** The parameters in declaration order. */
    public List<ParameterSpec> specs() {
        return List.copyOf(specs.values());
    }

    /** The parameter called {@code name}. */
    public Optional<ParameterSpec> spec(String name) {
        return Optional.ofNullable(specs.get(name));
    }

    /**
     * Validates raw values (unknown keys, types, ranges) and fills in defaults. {@link
     * ParameterType#PLUGIN} parameters are taken as plugin names here; their nested parameters are
     * the runner's business.
     *
     * @param raw the values given, by parameter name
     * @param problems where to add what is wrong; every problem is reported, not just the first
     * @return the parameters, complete with defaults (values with problems keep their defaults)
     */
    public Parameters resolve(Map<String, ?> raw, List<ConfigProblem> problems) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterSpec spec : specs.values()) {
            values.put(spec.name(), spec.defaultValue());
        }
        for (Map.Entry<String, ?> entry : raw.entrySet()) {
            ParameterSpec spec = specs.get(entry.getKey());
            if (spec == null) {
                problems.add(new ConfigProblem(entry.getKey(), "unknown parameter; known: "
                        + (specs.isEmpty() ? "none" : String.join(", ", specs.keySet()))));
                continue;
            }
            try {
                Object value = spec.convert(entry.getValue());
                Optional<String> bad = spec.problemWith(value);
                if (bad.isPresent()) {
                    problems.add(new ConfigProblem(spec.name(), bad.get()));
                } else {
                    values.put(spec.name(), value);
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(spec.name(), e.getMessage() + " (allowed: " + spec.allowed() + ")"));
            }
        }
        return new Parameters(values);
    }

    /**
     * The defaults with {@code overrides} applied, failing on the first problem. Meant for tests
     * and for code that builds plugins directly.
     */
    public Parameters with(Map<String, ?> overrides) {
        List<ConfigProblem> problems = new ArrayList<>();
        Parameters p = resolve(overrides, problems);
        ConfigProblem.requireNone(problems);
        return p;
    }

    /** The defaults. */
    public Parameters defaults() {
        return with(Map.of());
    }

    /** Declares parameters in order. */
    public static final class Builder {
        private final List<ParameterSpec> specs = new ArrayList<>();

        private Builder() {}

        /** An integer in [min, max]; null bounds are open-ended. */
        public Builder integer(String name, int def, Integer min, Integer max, String doc) {
            return add(new ParameterSpec(name, ParameterType.INT, def, toDouble(min), true,
                    toDouble(max), true, List.of(), 0, null, doc));
        }

        /** A number in [min, max]; null bounds are open-ended. */
        public Builder real(String name, double def, Double min, Double max, String doc) {
            return add(new ParameterSpec(name, ParameterType.DOUBLE, def, min, true, max, true,
                    List.of(), 0, null, doc));
        }

        /** A number strictly between min and max (e.g. a decay in (0, 1)). */
        public Builder realExclusive(String name, double def, Double min, Double max, String doc) {
            return add(new ParameterSpec(name, ParameterType.DOUBLE, def, min, false, max, false,
                    List.of(), 0, null, doc));
        }

        /** A number in [min, max): at least min and below max (e.g. a rate or a decay that may be 0 but not 1). */
        public Builder realBelow(String name, double def, double min, double max, String doc) {
            return add(ParameterSpec.halfOpen(name, def, min, max, doc));
        }

        /** A number greater than min (exclusive) and at most max. */
        public Builder positive(String name, double def, Double max, String doc) {
            return add(new ParameterSpec(name, ParameterType.DOUBLE, def, 0.0, false, max, true,
                    List.of(), 0, null, doc));
        }

        /** A boolean. */
        public Builder bool(String name, boolean def, String doc) {
            return add(new ParameterSpec(name, ParameterType.BOOLEAN, def, null, true, null, true,
                    List.of(), 0, null, doc));
        }

        /** A free string (e.g. a file path; empty allowed). */
        public Builder string(String name, String def, String doc) {
            return add(new ParameterSpec(name, ParameterType.STRING, def, null, true, null, true,
                    List.of(), 0, null, doc));
        }

        /** One of {@code choices}. */
        public Builder choice(String name, String def, List<String> choices, String doc) {
            return add(ParameterSpec.choice(name, def, choices, doc));
        }

        /** A list of integers, each in [min, max], with at least {@code minLength} elements. */
        public Builder intList(String name, List<Integer> def, int minLength, Integer min, Integer max, String doc) {
            return add(new ParameterSpec(name, ParameterType.INT_LIST, List.copyOf(def), toDouble(min),
                    true, toDouble(max), true, List.of(), minLength, null, doc));
        }

        /** A list of numbers, each in [min, max], with at least {@code minLength} elements. */
        public Builder realList(String name, List<Double> def, int minLength, Double min, Double max, String doc) {
            return add(new ParameterSpec(name, ParameterType.DOUBLE_LIST, List.copyOf(def), min,
                    true, max, true, List.of(), minLength, null, doc));
        }

        /** Another plugin of extension point {@code point}, by default {@code defaultType}. */
        public Builder plugin(String name, Class<? extends PluginProvider> point, String defaultType, String doc) {
            return add(new ParameterSpec(name, ParameterType.PLUGIN, defaultType, null, true, null,
                    true, List.of(), 0, point, doc));
        }

        /** Adds a spec built by hand. Its default must itself be allowed. */
        public Builder add(ParameterSpec spec) {
            Optional<String> bad = spec.problemWith(spec.defaultValue());
            if (bad.isPresent()) {
                throw new IllegalArgumentException("default of " + spec.name() + " is invalid: " + bad.get());
            }
            specs.add(spec);
            return this;
        }

        /** The schema. */
        public ParameterSchema build() {
            return new ParameterSchema(specs);
        }

        private static Double toDouble(Integer v) {
            return v == null ? null : v.doubleValue();
        }
    }
}
