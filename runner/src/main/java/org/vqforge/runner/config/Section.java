package org.vqforge.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterSpec;

/**
 * A top-level section of an experiment: its own keys, then its plugin slots, in the order they are
 * written back. Sections of the same name declared by the runner and by a model type are merged
 * (the runner's keys first), so a model type can add train keys of its own.
 *
 * @param name the section's key, e.g. {@code train}
 * @param keys the keys the runner reads in it
 * @param resumable those of {@code keys} that may change when a run directory is resumed
 * @param slots plugin slots in it, each with its full dotted key under {@code name}
 */
public record Section(String name, ParameterSchema keys, Set<String> resumable, List<Slot> slots) {

    public Section {
        resumable = Set.copyOf(resumable);
        slots = List.copyOf(slots);
        for (String key : resumable) {
            if (keys.spec(key).isEmpty()) {
                throw new IllegalArgumentException(name + " declares no key '" + key + "' to resume with");
            }
        }
        for (Slot slot : slots) {
            if (!slot.key().equals(name + "." + slot.name())) {
                throw new IllegalArgumentException("slot " + slot.key() + " is not directly under " + name);
            }
        }
    }

    /** A section of keys only, none of which may change on resume. */
    public static Section of(String name, ParameterSchema keys) {
        return new Section(name, keys, Set.of(), List.of());
    }

    /** This section, with {@code names} (keys of it) allowed to change when a run resumes. */
    public Section resumable(String... names) {
        Set<String> all = new LinkedHashSet<>(resumable);
        all.addAll(List.of(names));
        return new Section(name, keys, all, slots);
    }

    /** This section, with {@code more} slots after its own. */
    public Section withSlots(Slot... more) {
        List<Slot> all = new ArrayList<>(slots);
        all.addAll(List.of(more));
        return new Section(name, keys, resumable, all);
    }

    /** This section and {@code other} (of the same name) as one: this one's keys and slots first. */
    Section merge(Section other) {
        ParameterSchema.Builder merged = ParameterSchema.builder();
        keys.specs().forEach(merged::add);
        other.keys.specs().forEach(merged::add);
        List<Slot> allSlots = new ArrayList<>(slots);
        allSlots.addAll(other.slots);
        Set<String> allResumable = new LinkedHashSet<>(resumable);
        allResumable.addAll(other.resumable);
        return new Section(name, merged.build(), allResumable, allSlots);
    }

    /** The names written under this section: its keys, then its slots. */
    List<String> names() {
        List<String> names = new ArrayList<>(keys.specs().stream().map(ParameterSpec::name).toList());
        slots.forEach(s -> names.add(s.name()));
        return names;
    }

    /** Full dotted keys of this section that may change on resume. */
    Set<String> resumableKeys() {
        Set<String> full = new LinkedHashSet<>();
        resumable.forEach(k -> full.add(name + "." + k));
        return full;
    }
}
