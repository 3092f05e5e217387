package org.vqforge.runner.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads a study file:
 *
 * <pre>
 * name: ablation-quantizers
 * base: ../vqvae-fashion-mnist.yaml      # relative to the study file
 * set: {train.steps: 200}                 # every trial
 * axes:
 *   - key: model.quantizer.codebookSize   # a list of values ...
 *     values: [256, 1024]
 *   - key: model.quantizer                # ... or labelled values; a map replaces the subtree
 *     name: quantizer
 *     values: {vq: {type: vq}, fsq: {type: fsq, levels: [8, 8, 8]}}
 *   - zip: {train.learningRate: [0.001, 0.0003], train.batchSize: [128, 64]}   # keys varying together
 * seeds: 3                                # seeds 0, 1, 2; or a list [0, 7]
 * </pre>
 */
public final class StudyFile {

    static final Set<String> TOP_LEVEL = Set.of("name", "base", "set", "axes", "seeds");
    static final Set<String> AXIS_KEYS = Set.of("key", "name", "values", "zip", "labels");

    private StudyFile() {}

    /** Whether {@code file} is a study file (a YAML map with a {@code base} key) rather than an experiment config. */
    public static boolean isStudyFile(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file) || !(name.endsWith(".yaml") || name.endsWith(".yml"))) {
            return false;
        }
        try {
            Object root = yaml().load(Files.readString(file));
            return root instanceof Map<?, ?> map && map.containsKey("base");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads and checks a study file; axis values are checked against the configs later, trial by trial.
     *
     * @throws StudyException naming the file and the entry for every structural problem
     */
    public static StudySpec read(Path file) {
        Object root;
        try {
            root = yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new StudyException(file + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new StudyException(file + ": not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new StudyException(file + ": a study file is a YAML map with keys " + sorted(TOP_LEVEL));
        }
        List<String> problems = new ArrayList<>();
        for (Object key : map.keySet()) {
            if (!TOP_LEVEL.contains(String.valueOf(key))) {
                problems.add(file + ": " + key + ": unknown key; known: " + sorted(TOP_LEVEL));
            }
        }
        Object base = map.get("base");
        if (!(base instanceof String) || ((String) base).isBlank()) {
            problems.add(file + ": base: the base experiment config is required (a path relative to the study file)");
        }
        String name = map.get("name") == null ? baseName(file) : String.valueOf(map.get("name"));
        Map<String, Object> set = new LinkedHashMap<>();
        Object setNode = map.get("set");
        if (setNode instanceof Map<?, ?> setMap) {
            setMap.forEach((k, v) -> set.put(String.valueOf(k), v));
        } else if (setNode != null) {
            problems.add(file + ": set: expected a map of dotted keys to values, e.g. {train.steps: 200}");
        }
        List<Axis> axes = new ArrayList<>();
        Object axesNode = map.get("axes");
        if (axesNode instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                axis(file + ": axes[" + i + "]", list.get(i), problems).ifPresent(axes::add);
            }
        } else if (axesNode != null) {
            problems.add(file + ": axes: expected a list of axes (each with key and values, or zip)");
        }
        List<Long> seeds = seeds(file + ": seeds", map.get("seeds"), problems);
        if (!problems.isEmpty()) {
            throw new StudyException(String.join("\n", problems));
        }
        Path basePath = file.toAbsolutePath().getParent().resolve((String) base).normalize();
        return new StudySpec(name, basePath, set, AxisNames.disambiguate(axes), seeds);
    }

    private static java.util.Optional<Axis> axis(String where, Object node, List<String> problems) {
        if (!(node instanceof Map<?, ?> map)) {
            problems.add(where + ": expected a map with key and values, or zip");
            return java.util.Optional.empty();
        }
        for (Object k : map.keySet()) {
            if (!AXIS_KEYS.contains(String.valueOf(k))) {
                problems.add(where + "." + k + ": unknown key; known: " + sorted(AXIS_KEYS));
            }
        }
        String explicitName = map.get("name") == null ? null : String.valueOf(map.get("name"));
        if (map.get("zip") != null) {
            if (!(map.get("zip") instanceof Map<?, ?> zip) || zip.isEmpty()) {
                problems.add(where + ".zip: expected a map of dotted keys to equally long value lists");
                return java.util.Optional.empty();
            }
            List<String> keys = new ArrayList<>();
            List<List<?>> columns = new ArrayList<>();
            for (Map.Entry<?, ?> e : zip.entrySet()) {
                keys.add(String.valueOf(e.getKey()));
                if (!(e.getValue() instanceof List<?> values) || values.isEmpty()) {
                    problems.add(where + ".zip." + e.getKey() + ": empty axis: give at least one value in a list");
                    return java.util.Optional.empty();
                }
                columns.add(values);
            }
            int n = columns.get(0).size();
            if (columns.stream().anyMatch(c -> c.size() != n)) {
                problems.add(where + ".zip: zipped keys need value lists of one length; got "
                        + columns.stream().map(c -> Integer.toString(c.size())).toList() + " for " + keys);
                return java.util.Optional.empty();
            }
            List<?> labels = map.get("labels") instanceof List<?> l ? l : null;
            if (labels != null && labels.size() != n) {
                problems.add(where + ".labels: " + labels.size() + " labels for " + n + " values");
                return java.util.Optional.empty();
            }
            List<Axis.Value> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Object> settings = new ArrayList<>();
                List<String> parts = new ArrayList<>();
                for (List<?> column : columns) {
                    settings.add(column.get(i));
                    parts.add(AxisNames.label(column.get(i), i));
                }
                values.add(new Axis.Value(labels != null ? String.valueOf(labels.get(i)) : String.join("+", parts), settings));
            }
            String name = explicitName != null ? explicitName
                    : String.join("+", keys.stream().map(AxisNames::leaf).toList());
            return java.util.Optional.of(new Axis(name, keys, values));
        }
        if (!(map.get("key") instanceof String key) || key.isBlank()) {
            problems.add(where + ".key: the dotted config key the axis sets is required (or use zip)");
            return java.util.Optional.empty();
        }
        Object valuesNode = map.get("values");
        List<Axis.Value> values = new ArrayList<>();
        if (valuesNode instanceof Map<?, ?> labelled) {
            labelled.forEach((label, v) -> values.add(new Axis.Value(String.valueOf(label), List.of(v))));
        } else if (valuesNode instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                values.add(new Axis.Value(AxisNames.label(list.get(i), i), java.util.Collections.singletonList(list.get(i))));
            }
        } else {
            problems.add(where + ".values: expected a list of values or a map of label to value");
            return java.util.Optional.empty();
        }
        if (values.isEmpty()) {
            problems.add(where + ".values: empty axis " + key + ": give at least one value");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Axis(explicitName != null ? explicitName : AxisNames.leaf(key), List.of(key), values));
    }

    static List<Long> seeds(String where, Object node, List<String> problems) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof Integer || node instanceof Long) {
            long n = ((Number) node).longValue();
            if (n < 1 || n > 1000) {
                problems.add(where + ": " + n + " seeds; allowed: 1 to 1000 (or a list of seeds)");
                return List.of();
            }
            List<Long> seeds = new ArrayList<>();
            for (long s = 0; s < n; s++) {
                seeds.add(s);
            }
            return seeds;
        }
        if (node instanceof List<?> list && !list.isEmpty()) {
            List<Long> seeds = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Integer || o instanceof Long) || ((Number) o).longValue() < 0) {
                    problems.add(where + ": '" + o + "' is not a seed (a non-negative integer)");
                    return List.of();
                }
                seeds.add(((Number) o).longValue());
            }
            if (new java.util.HashSet<>(seeds).size() != seeds.size()) {
                problems.add(where + ": the same seed twice in " + seeds);
            }
            return seeds;
        }
        problems.add(where + ": expected a number of seeds (e.g. 3 for seeds 0, 1, 2) or a non-empty list of seeds");
        return List.of();
    }

    private static String baseName(Path file) {
        String name = String.valueOf(file.getFileName());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
