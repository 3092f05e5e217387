package org.vqforge.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.plugin.ParameterSchema;

/**
 * The sections every experiment has, whatever its model type; the model type adds its own (see
 * {@link ModelType#sections()}). Each typed spec ({@link DataSpec}, {@link TrainSpec}, ...) owns
 * its section's schema; this class only orders them.
 */
public final class RunnerSchema {

    public static final Section EXPERIMENT = Section.of("experiment", ParameterSchema.builder()
            .string("name", "experiment", "names the run and its output folder")
            .build());

    /** The whole {@code backend} section is one plugin slot. */
    public static final Slot BACKEND = Slot.of("backend", BackendProvider.class, "cpu");

    public static final Section DATA = Section.of("data", DataSpec.SCHEMA);

    /** The runner's sections before the model type's, and after (the last two may be extended by it). */
    private static final List<String> BEFORE = List.of("experiment", "backend", "data");
    private static final List<Section> AFTER = List.of(TrainSpec.SECTION, EvalSpec.SECTION);

    private RunnerSchema() {}

    /**
     * The sections of an experiment of {@code type}, in the order they are written: experiment,
     * backend and data, the type's own sections (model first), then train and eval, each merged
     * with the type's section of the same name. The backend is a slot, not a section: see
     * {@link #BACKEND}.
     */
    public static List<Section> sections(ModelType type) {
        Map<String, Section> own = new LinkedHashMap<>();
        type.sections().forEach(s -> own.merge(s.name(), s, Section::merge));
        List<Section> sections = new ArrayList<>(List.of(EXPERIMENT, DATA));
        for (Section section : own.values()) {
            if (BEFORE.contains(section.name())) {
                throw new IllegalArgumentException("model type " + type.name() + " may not declare section "
                        + section.name());
            }
            if (AFTER.stream().noneMatch(a -> a.name().equals(section.name()))) {
                sections.add(section);
            }
        }
        for (Section runner : AFTER) {
            Section extra = own.get(runner.name());
            sections.add(extra == null ? runner : runner.merge(extra));
        }
        return sections;
    }

    /** The top-level names of an experiment of {@code type}, in the order they are written. */
    public static List<String> sectionNames(ModelType type) {
        List<String> names = new ArrayList<>(sections(type).stream().map(Section::name).toList());
        names.add(1, BACKEND.key());
        return names;
    }

    /** The full keys of an experiment of {@code type} that may change when its run directory is resumed. */
    public static Set<String> resumableKeys(ModelType type) {
        Set<String> keys = new LinkedHashSet<>();
        sections(type).forEach(s -> keys.addAll(s.resumableKeys()));
        return keys;
    }
}
