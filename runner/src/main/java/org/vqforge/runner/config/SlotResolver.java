package org.vqforge.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.ParameterType;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.runner.discovery.BrokenPluginException;
import org.vqforge.runner.discovery.PluginEntry;
import org.vqforge.runner.discovery.PluginRegistry;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.discovery.UnknownPluginException;

/**
 * Resolves a plugin slot: {@code type} picks the plugin, the other keys are checked against its
 * schema, and parameters of type plugin are slots themselves, resolved the same way.
 */
final class SlotResolver {

    /** Deeper than this, a plugin whose default nests itself would recurse for ever. */
    static final int MAX_DEPTH = 8;

    private final Plugins plugins;
    private final Retyped retyped;

    SlotResolver(Plugins plugins, Retyped retyped) {
        this.plugins = plugins;
        this.retyped = retyped;
    }

    /**
     * The file's keys under slots whose type the command line changed: those the new plugin does
     * not declare are dropped instead of reported.
     *
     * @param droppable full dotted keys that may be dropped
     */
    record Retyped(Set<String> droppable, List<String> dropped) {
        Retyped(Set<String> droppable) {
            this(Set.copyOf(droppable), new ArrayList<>());
        }

        /** Removes from {@code section} (the slot at {@code key}) what is unknown and droppable. */
        Map<String, Object> dropUnknown(String key, Map<String, Object> section, List<String> known) {
            if (droppable.isEmpty()) {
                return section;
            }
            Map<String, Object> kept = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : section.entrySet()) {
                String full = key + "." + e.getKey();
                List<String> leaves = droppable.stream().filter(d -> d.equals(full) || d.startsWith(full + ".")).toList();
                if (known.contains(e.getKey()) || leaves.isEmpty()) {
                    kept.put(e.getKey(), e.getValue());
                } else {
                    dropped.addAll(leaves);
                }
            }
            return kept;
        }
    }

    /**
     * A resolved slot.
     *
     * @param config the plugin and its parameters (nested plugins as {@link PluginConfig}); null
     *     when the plugin could not be chosen
     * @param runnerValues the runner-owned keys of the slot
     * @param provider the chosen provider; null when it could not be chosen
     * @param tree the slot as written back: type, runner keys, then every parameter
     * @param clean whether the slot and everything nested in it had no problem
     */
    record Resolved(PluginConfig config, Parameters runnerValues, PluginProvider provider, Map<String, Object> tree,
            boolean clean) {}

    /** Resolves {@code slot}; an optional one may choose no plugin. */
    Resolved resolve(Slot slot, Object value, ProblemList problems) {
        return slot.optional() ? resolveOptional(slot, value, problems) : resolvePlugin(slot, value, problems);
    }

    private Resolved resolvePlugin(Slot slot, Object value, ProblemList problems) {
        return resolve(slot.key(), value, slot.point(), slot.defaultType(), slot.runnerKeys(), 0, problems);
    }

    /**
     * Resolves a slot that may choose no plugin: {@code type: none} (which may be the slot's
     * default) takes only the runner's keys and gives a null config.
     */
    @SuppressWarnings("unchecked")
    private Resolved resolveOptional(Slot slot, Object value, ProblemList problems) {
        Map<String, Object> section = value instanceof Map ? (Map<String, Object>) value : Map.of();
        Object type = section.containsKey("type") ? section.get("type") : slot.defaultType();
        if (value != null && !(value instanceof Map) || !Slot.NONE.equals(String.valueOf(type).trim())) {
            return resolvePlugin(slot, value, problems);
        }
        int before = problems.size();
        List<String> known = new ArrayList<>();
        known.add("type");
        slot.runnerKeys().specs().forEach(s -> known.add(s.name()));
        section = retyped.dropUnknown(slot.key(), section, known);
        Sections.rejectUnknown(slot.key(), section, known, slot.key() + " (" + Slot.NONE + ")", problems);
        Parameters runnerValues = Sections.values(slot.key(), section, slot.runnerKeys(), problems);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", Slot.NONE);
        tree.putAll(runnerValues.asMap());
        return new Resolved(null, runnerValues, null, tree, problems.size() == before);
    }

    @SuppressWarnings("unchecked")
    private Resolved resolve(String key, Object value, Class<? extends PluginProvider> point, String defaultType,
            ParameterSchema runnerKeys, int depth, ProblemList problems) {
        int before = problems.size();
        PluginRegistry<? extends PluginProvider> registry;
        try {
            registry = plugins.registry(point);
        } catch (IllegalArgumentException e) {
            problems.add(key, "cannot be resolved: " + e.getMessage());
            return failed(Map.of(), runnerKeys.defaults());
        }
        Map<String, Object> section = Map.of();
        if (value instanceof Map) {
            section = (Map<String, Object>) value;
        } else if (value != null) {
            problems.add(key, "is a " + registry.point() + " plugin slot, not a value; choose the plugin with "
                    + key + ".type");
        }
        Parameters runnerValues = runnerKeys.defaults();
        if (depth > MAX_DEPTH) {
            problems.add(key, "plugins nested more than " + MAX_DEPTH + " deep; does a plugin nest itself by default?");
            return failed(section, runnerValues);
        }
        String typeKey = key + ".type";
        Object rawType = section.containsKey("type") ? section.get("type") : defaultType;
        if (rawType == null || rawType instanceof Map || rawType instanceof List) {
            problems.add(typeKey, "expected a " + registry.point() + " plugin name; available: "
                    + String.join(", ", registry.names()));
            return failed(section, runnerValues);
        }
        String type = rawType.toString().trim();
        PluginProvider provider;
        PluginEntry entry;
        ParameterSchema schema;
        try {
            provider = registry.get(type);
            entry = registry.entry(type).orElseThrow();
            schema = provider.schema();
        } catch (UnknownPluginException | BrokenPluginException e) {
            problems.add(typeKey, e.getMessage());
            return failed(section, runnerValues);
        } catch (RuntimeException e) {
            problems.add(typeKey, registry.point() + " plugin '" + type + "' failed to describe its parameters: " + e);
            return failed(section, runnerValues);
        }

        for (ParameterSpec own : runnerKeys.specs()) {
            if (schema.spec(own.name()).isPresent()) {
                problems.add(key + "." + own.name(), registry.point() + " plugin '" + entry.name() + "' declares '"
                        + own.name() + "', which the runner owns at this key; the plugin must rename it");
            }
        }
        List<String> known = new ArrayList<>();
        known.add("type");
        runnerKeys.specs().forEach(s -> known.add(s.name()));
        schema.specs().forEach(s -> known.add(s.name()));
        section = retyped.dropUnknown(key, section, known);
        Sections.rejectUnknown(key, section, known, key + " (" + entry.name() + ")", problems);

        runnerValues = Sections.values(key, section, runnerKeys, problems);
        Parameters params = Sections.values(key, section, schema, problems);
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", entry.name());
        tree.putAll(runnerValues.asMap());
        for (ParameterSpec spec : schema.specs()) {
            if (spec.type() == ParameterType.PLUGIN) {
                Resolved nested = resolve(key + "." + spec.name(), section.get(spec.name()), spec.pluginPoint(),
                        spec.defaultValue().toString(), ParameterSchema.empty(), depth + 1, problems);
                if (nested.config() != null) {
                    params = params.with(spec.name(), nested.config());
                }
                tree.put(spec.name(), nested.tree());
            } else {
                tree.put(spec.name(), params.asMap().get(spec.name()));
            }
        }
        return new Resolved(new PluginConfig(entry.name(), params), runnerValues, provider, tree,
                problems.size() == before);
    }

    private static Resolved failed(Map<String, Object> section, Parameters runnerValues) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("type", section.get("type"));
        return new Resolved(null, runnerValues, null, tree, false);
    }
}
