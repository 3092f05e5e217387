package org.vqforge.runner.study;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a study file (or the {@code ablate} command line) asks for.
 *
 * @param name the study's name
 * @param base the base experiment config every trial starts from
 * @param set fixed {@code key -> value} overrides applied to every trial, in order
 * @param axes the swept axes; trials are their cartesian product
 * @param seeds the seeds each combination runs with
 */
public record StudySpec(String name, Path base, Map<String, Object> set, List<Axis> axes, List<Long> seeds) {

    public StudySpec {
        set = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(set));
        axes = List.copyOf(axes);
        seeds = List.copyOf(seeds);
    }
}
