package org.vqforge.runner.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep written on the command line: {@code key=a,b,c} is an axis of three values,
 * {@code key=a} a fixed override. A value that is itself a list is bracketed:
 * {@code model.quantizer.levels=[8,5,5],[4,4,4]}.
 *
 * @param set fixed overrides
 * @param axes one axis per key with several values
 */
public record SweepArguments(Map<String, Object> set, List<Axis> axes) {

    /**
     * @throws StudyException for an argument that is not {@code key=value}, or an empty value list
     */
    public static SweepArguments parse(List<String> arguments) {
        Map<String, Object> set = new LinkedHashMap<>();
        List<Axis> axes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String argument : arguments) {
            int eq = argument.indexOf('=');
            if (eq <= 0 || argument.substring(0, eq).isBlank()) {
                problems.add("'" + argument + "': expected key=value or key=v1,v2,... e.g. model.quantizer.type=vq,fsq");
                continue;
            }
            String key = argument.substring(0, eq).trim();
            List<String> values;
            try {
                values = split(argument.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
                continue;
            }
            if (values.isEmpty()) {
                problems.add(key + ": empty axis: give at least one value, e.g. " + key + "=a,b");
            } else if (values.size() == 1) {
                set.put(key, values.get(0));
            } else {
                List<Axis.Value> axisValues = new ArrayList<>();
                for (String v : values) {
                    axisValues.add(new Axis.Value(v.replace(',', '-'), Collections.singletonList(v)));
                }
                axes.add(new Axis(AxisNames.leaf(key), List.of(key), axisValues));
            }
        }
        if (!problems.isEmpty()) {
            throw new StudyException(String.join("\n", problems));
        }
        return new SweepArguments(set, axes);
    }

    /** Splits at top-level commas; a bracketed group is one value (without its brackets). */
    static List<String> split(String text) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean bracketed = false;
        for (char c : text.toCharArray()) {
            if (c == '[') {
                if (depth++ == 0) {
                    bracketed = true;
                    continue;
                }
            } else if (c == ']') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("unbalanced ']' in '" + text + "'");
                }
                if (depth == 0) {
                    continue;
                }
            } else if (c == ',' && depth == 0) {
                add(values, current, bracketed);
                current.setLength(0);
                bracketed = false;
                continue;
            }
            current.append(c);
        }
        if (depth != 0) {
            throw new IllegalArgumentException("unbalanced '[' in '" + text + "'");
        }
        add(values, current, bracketed);
        return values;
    }

    private static void add(List<String> values, StringBuilder current, boolean bracketed) {
        String v = current.toString().trim();
        if (!v.isEmpty() || bracketed) {
            values.add(v);
        }
    }
}
