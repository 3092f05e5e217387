package org.vqforge.api.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One declared parameter: name, type, default, allowed values, and what it means. Build these
 * through {@link ParameterSchema#builder()}, or through {@link #choice} and {@link #halfOpen} for a
 * lone spec; the canonical constructor is the builder's own.
 *
 * @param name the key, relative to the plugin's place in the config (e.g. {@code codebookSize})
 * @param type the value type
 * @param defaultValue the default, already of the type's Java class ({@code Integer}, {@code
 *     Double}, {@code Boolean}, {@code String}, {@code List<Integer>}, {@code List<Double>}, or the
 *     default plugin name for {@link ParameterType#PLUGIN}); never null
 * @param min lower bound for numbers and list elements, or null
 * @param minInclusive whether {@code min} itself is allowed
 * @param max upper bound for numbers and list elements, or null
 * @param maxInclusive whether {@code max} itself is allowed
 * @param choices allowed values of a {@link ParameterType#CHOICE}, empty otherwise
 * @param minLength the least number of elements of a list
 * @param pluginPoint the extension point of a {@link ParameterType#PLUGIN}, null otherwise
 * @param doc what the parameter does
 */
public record ParameterSpec(
        String name,
        ParameterType type,
        Object defaultValue,
        Double min,
        boolean minInclusive,
        Double max,
        boolean maxInclusive,
        List<String> choices,
        int minLength,
        Class<? extends PluginProvider> pluginPoint,
        String doc) {

    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue of " + name);
        choices = List.copyOf(choices);
        doc = doc == null ? "" : doc;
        if (type == ParameterType.PLUGIN && pluginPoint == null) {
            throw new IllegalArgumentException(name + ": a plugin parameter needs its extension point");
        }
    }

    /** One of {@code choices}, e.g. a lone {@code type} key that a schema cannot hold. */
    public static ParameterSpec choice(String name, String def, List<String> choices, String doc) {
        return new ParameterSpec(name, ParameterType.CHOICE, def, null, true, null, true, choices, 0, null, doc);
    }

    /** A number in [min, max): min allowed, max not. */
    public static ParameterSpec halfOpen(String name, double def, double min, double max, String doc) {
        return new ParameterSpec(name, ParameterType.DOUBLE, def, min, true, max, false, List.of(), 0, null, doc);
    }

    /**
     * Converts a raw config value (a String from the command line or a properties file, or a
     * Number/Boolean/List from YAML) to this parameter's Java type.
     *
     * @throws IllegalArgumentException naming the expected type when it cannot be converted
     */
    public Object convert(Object raw) {
        Objects.requireNonNull(raw, name);
        switch (type) {
            case INT:
                return toInt(raw);
            case DOUBLE:
                return toDouble(raw);
            case BOOLEAN:
                return toBoolean(raw);
            case STRING:
            case CHOICE:
            case PLUGIN:
                if (raw instanceof List || raw instanceof java.util.Map) {
                    throw wrongType(raw);
                }
                return raw.toString().trim();
            case INT_LIST: {
                List<Integer> out = new ArrayList<>();
                for (Object element : elements(raw)) {
                    out.add(toInt(element));
                }
                return List.copyOf(out);
            }
            case DOUBLE_LIST: {
                List<Double> out = new ArrayList<>();
                for (Object element : elements(raw)) {
                    out.add(toDouble(element));
                }
                return List.copyOf(out);
            }
            default:
                throw new IllegalStateException("unknown type " + type);
        }
    }

    /** Why a converted value is not allowed (range, choice, length), or empty when it is. */
    public Optional<String> problemWith(Object value) {
        switch (type) {
            case INT:
            case DOUBLE:
                return rangeProblem(((Number) value).doubleValue());
            case CHOICE:
                return choices.contains(value.toString())
                        ? Optional.empty()
                        : Optional.of("'" + value + "' is not one of " + choices);
            case INT_LIST:
            case DOUBLE_LIST: {
                List<?> list = (List<?>) value;
                if (list.size() < minLength) {
                    return Optional.of("needs at least " + minLength + " element(s), got " + list.size());
                }
                for (int i = 0; i < list.size(); i++) {
                    Optional<String> p = rangeProblem(((Number) list.get(i)).doubleValue());
                    if (p.isPresent()) {
                        return Optional.of("element " + i + " of " + list + ": " + p.get());
                    }
                }
                return Optional.empty();
            }
            default:
                return Optional.empty();
        }
    }

    /** The allowed values in words, e.g. {@code (0, 1)} or {@code [1, +inf)} or {@code one of [l2, cosine]}. */
    public String allowed() {
        if (type == ParameterType.CHOICE) {
            return "one of " + choices;
        }
        if (type == ParameterType.PLUGIN) {
            return "a " + pluginPoint.getSimpleName().replace("Provider", "").toLowerCase(Locale.ROOT)
                    + " plugin name";
        }
        if (min == null && max == null) {
            return type.description();
        }
        return (type == ParameterType.INT_LIST || type == ParameterType.DOUBLE_LIST)
                ? type.description() + ", each in " + range()
                : range();
    }

    private String range() {
        return (min == null ? "(-inf" : (minInclusive ? "[" : "(") + format(min)) + ", "
                + (max == null ? "+inf)" : format(max) + (maxInclusive ? "]" : ")"));
    }

    private Optional<String> rangeProblem(double v) {
        if (Double.isNaN(v)
                || (min != null && (minInclusive ? v < min : v <= min))
                || (max != null && (maxInclusive ? v > max : v >= max))) {
            return Optional.of(format(v) + " is outside " + range());
        }
        return Optional.empty();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private List<?> elements(Object raw) {
        if (raw instanceof List) {
            return (List<?>) raw;
        }
        String s = raw.toString().trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isBlank()) {
            return List.of();
        }
        return List.of(s.split("\\s*,\\s*"));
    }

    private int toInt(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            long v = ((Number) raw).longValue();
            if (v == (int) v) {
                return (int) v;
            }
        } else if (!(raw instanceof Number) && !(raw instanceof Boolean) && !(raw instanceof List)) {
            try {
                return Integer.parseInt(raw.toString().trim());
            } catch (NumberFormatException e) {
                // fall through to the type error
            }
        }
        throw wrongType(raw);
    }

    private double toDouble(Object raw) {
        if (raw instanceof Number) {
            return ((Number) raw).doubleValue();
        }
        if (!(raw instanceof Boolean) && !(raw instanceof List)) {
            try {
                return Double.parseDouble(raw.toString().trim());
            } catch (NumberFormatException e) {
                // fall through to the type error
            }
        }
        throw wrongType(raw);
    }

    private boolean toBoolean(Object raw) {
        if (raw instanceof Boolean) {
            return (Boolean) raw;
        }
        String s = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw wrongType(raw);
    }

    private IllegalArgumentException wrongType(Object raw) {
        String what = type.description();
        String article = "aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ";
        return new IllegalArgumentException("'" + raw + "' is not " + article + what);
    }
}
