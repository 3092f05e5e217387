package org.vqforge.runner.study;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vqforge.runner.config.ConfigException;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.Experiment;

/**
 * Expands a study into its trials and validates each trial's config with the runner's config
 * resolver, all before anything runs: the base config (with the fixed overrides), then each
 * combination of axis values and seed on top of it.
 */
public final class TrialPlanner {

    /** Invalid trials shown in full in the error; the rest are counted. */
    static final int SHOWN_INVALID = 3;

    private final ConfigResolver resolver;

    public TrialPlanner(ConfigResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * @param threadsPerTrial what {@code backend.threads} becomes where the config leaves it at 0 (every core)
     * @throws ConfigException when the base config itself is invalid
     * @throws StudyException when a trial's config is invalid (naming its axis values), or two trials share a name
     */
    public List<Trial> plan(StudySpec study, int threadsPerTrial) {
        Experiment base = resolver.resolve(study.base(), List.of());
        Map<String, Object> raw = resolver.read(study.base());
        List<Long> seeds = study.seeds().isEmpty() ? List.of(defaultSeed(study, base)) : study.seeds();
        List<Trial> trials = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        int invalidCount = 0;
        Set<String> ids = new HashSet<>();
        for (List<Axis.Value> combination : combinations(study.axes())) {
            Map<String, String> labels = new LinkedHashMap<>();
            Map<String, Object> flat = new LinkedHashMap<>(raw);
            study.set().forEach((key, value) -> BaseConfig.set(flat, key, value));
            for (int a = 0; a < combination.size(); a++) {
                Axis axis = study.axes().get(a);
                Axis.Value value = combination.get(a);
                labels.put(axis.name(), value.label());
                for (int k = 0; k < axis.keys().size(); k++) {
                    BaseConfig.set(flat, axis.keys().get(k), value.settings().get(k));
                }
            }
            String cell = cellName(labels);
            for (long seed : seeds) {
                Map<String, Object> trial = new LinkedHashMap<>(flat);
                BaseConfig.set(trial, "train.seed", seed);
                String id = cell.equals(BASE_CELL) ? "seed-" + seed : cell + "_seed-" + seed;
                if (!ids.add(id)) {
                    throw new StudyException("two trials are both named " + id
                            + ": give the axis values distinct labels (a map of label to value)");
                }
                String described = describe(labels, seed);
                try {
                    String source = study.base() + " with " + described;
                    Experiment experiment = resolver.resolveTree(trial, source);
                    if (threadsUnset(experiment)) {
                        // every core is the default for one run; trials side by side share the cores
                        BaseConfig.set(trial, "backend.threads", threadsPerTrial);
                        experiment = resolver.resolveTree(trial, source);
                    }
                    trials.add(new Trial(id, cell, labels, seed, experiment));
                } catch (ConfigException e) {
                    if (invalidCount++ < SHOWN_INVALID) {
                        invalid.add("trial " + id + " (" + described + "):\n  " + e.getMessage().replace("\n", "\n  "));
                    }
                }
            }
        }
        if (invalidCount > 0) {
            int total = trials.size() + invalidCount;
            throw new StudyException(invalidCount + " of " + total + " trials have an invalid config; nothing was run.\n"
                    + String.join("\n", invalid)
                    + (invalidCount > SHOWN_INVALID ? "\n(and " + (invalidCount - SHOWN_INVALID) + " more)" : ""));
        }
        return trials;
    }

    static final String BASE_CELL = "base";

    /** No seeds given: the one fixed overrides set, else the base config's. */
    private static long defaultSeed(StudySpec study, Experiment base) {
        Object set = study.set().get("train.seed");
        if (set != null) {
            try {
                return Long.parseLong(String.valueOf(set).trim());
            } catch (NumberFormatException e) {
                // the resolver reports the bad value with its key
            }
        }
        return base.train().seed();
    }

    static String cellName(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return BASE_CELL;
        }
        List<String> parts = new ArrayList<>();
        labels.forEach((axis, label) -> parts.add(AxisNames.safe(axis) + "-" + AxisNames.safe(label)));
        return String.join("_", parts);
    }

    private static String describe(Map<String, String> labels, long seed) {
        List<String> parts = new ArrayList<>();
        labels.forEach((axis, label) -> parts.add(axis + "=" + label));
        parts.add("seed=" + seed);
        return String.join(", ", parts);
    }

    /** The cartesian product of the axes' values, first axis outermost. */
    static List<List<Axis.Value>> combinations(List<Axis> axes) {
        List<List<Axis.Value>> result = new ArrayList<>();
        result.add(List.of());
        for (Axis axis : axes) {
            List<List<Axis.Value>> next = new ArrayList<>();
            for (List<Axis.Value> prefix : result) {
                for (Axis.Value v : axis.values()) {
                    List<Axis.Value> combination = new ArrayList<>(prefix);
                    combination.add(v);
                    next.add(combination);
                }
            }
            result = next;
        }
        return result;
    }

    private static boolean threadsUnset(Experiment experiment) {
        Object threads = experiment.backend().params().asMap().get("threads");
        return threads instanceof Number n && n.intValue() == 0;
    }
}
