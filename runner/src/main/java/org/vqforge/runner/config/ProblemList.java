package org.vqforge.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vqforge.api.plugin.ConfigProblem;

/** Collects every problem of one config; says which ones come from command-line overrides. */
final class ProblemList {

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Set<String> fromCommandLine;

    ProblemList(Set<String> fromCommandLine) {
        this.fromCommandLine = Set.copyOf(fromCommandLine);
    }

    void add(String key, String message) {
        problems.add(new ConfigProblem(key,
                fromCommandLine.contains(key) ? message + " (set on the command line)" : message));
    }

    /** Adds problems whose keys are relative to {@code prefix}. */
    void addAll(String prefix, List<ConfigProblem> relative) {
        for (ConfigProblem problem : relative) {
            ConfigProblem placed = problem.under(prefix);
            add(placed.key(), placed.message());
        }
    }

    int size() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<ConfigProblem> list() {
        return List.copyOf(problems);
    }
}
