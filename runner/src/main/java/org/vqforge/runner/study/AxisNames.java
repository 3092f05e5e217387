package org.vqforge.runner.study;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How axes and their values are named in trial directories and tables. */
final class AxisNames {

    private AxisNames() {}

    /** The last segment of a dotted key: {@code model.quantizer.codebookSize -> codebookSize}. */
    static String leaf(String key) {
        int dot = key.lastIndexOf('.');
        return dot >= 0 ? key.substring(dot + 1) : key;
    }

    /** A short label for a value: its text, a list joined by '-', a map by its {@code type}. */
    static String label(Object value, int index) {
        if (value instanceof List<?> list) {
            return String.join("-", list.stream().map(v -> label(v, index)).toList());
        }
        if (value instanceof Map<?, ?> map) {
            return map.get("type") != null ? String.valueOf(map.get("type")) : "v" + index;
        }
        if (value instanceof Double || value instanceof Float) {
            // 3.0E-4 reads worse than 0.0003 in a folder name
            return new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** Two axes on keys with the same leaf (a.size, b.size) are named by their full keys instead. */
    static List<Axis> disambiguate(List<Axis> axes) {
        Map<String, Integer> counts = new HashMap<>();
        axes.forEach(a -> counts.merge(a.name(), 1, Integer::sum));
        List<Axis> named = new ArrayList<>();
        for (Axis a : axes) {
            named.add(counts.get(a.name()) > 1 ? new Axis(String.join("+", a.keys()), a.keys(), a.values()) : a);
        }
        return named;
    }

    /** A file-name-safe form: letters, digits, '.', '+' and '-' are kept, anything else becomes '-'. */
    static String safe(String text) {
        String s = text.replaceAll("[^A-Za-z0-9.+-]", "-");
        return s.isEmpty() ? "-" : s;
    }
}
