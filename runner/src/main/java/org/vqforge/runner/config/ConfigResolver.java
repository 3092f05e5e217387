package org.vqforge.runner.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.runner.discovery.Plugins;

/**
 * Turns an experiment file plus {@code key=value} (set) and {@code ~key} (delete) overrides into a
 * validated {@link Experiment}. When the command line changes a slot's {@code type}, the file's
 * parameters of that slot which the new plugin does not declare are dropped, with a notice;
 * parameters given on the command line are always checked strictly.
 * Every problem (unknown keys, wrong types, out-of-range values, unknown plugins, plugin checks) is
 * collected and reported together in one {@link ConfigException}, before anything is built.
 */
public final class ConfigResolver {

    /** The first character of an override that deletes a key, as in Hydra: {@code ~backend.search}. */
    public static final String DELETE = "~";

    private final Plugins plugins;
    private final ModelTypes types;
    private final Consumer<String> notices;

    /**
     * @param plugins the registries plugin names are looked up in
     * @param types the model types {@code model.type} may name
     */
    public ConfigResolver(Plugins plugins, ModelTypes types) {
        this(plugins, types, notice -> { });
    }

    /**
     * @param plugins the registries plugin names are looked up in
     * @param types the model types {@code model.type} may name
     * @param notices where lines that are not problems go (e.g. parameters dropped with a slot's
     *     type changed on the command line)
     */
    public ConfigResolver(Plugins plugins, ModelTypes types, Consumer<String> notices) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
        this.types = Objects.requireNonNull(types, "types");
        this.notices = Objects.requireNonNull(notices, "notices");
    }

    /**
     * Reads {@code file} (.yaml, .yml or .properties), applies {@code overrides}, and validates.
     *
     * @param overrides {@code key=value} with full dotted keys, applied in order; lists as {@code 8,5,5}
     * @throws ConfigException listing every problem, each with the file and full dotted key
     */
    public Experiment resolve(Path file, List<String> overrides) {
        Set<String> overridden = new LinkedHashSet<>();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq > 0 && !override.substring(0, eq).isBlank()) {
                overridden.add(override.substring(0, eq).trim());
            } else if (override.trim().startsWith(DELETE)) {
                overridden.add(override.trim().substring(DELETE.length()).trim());
            }
        }
        ProblemList problems = new ProblemList(overridden);
        Map<String, Object> fromFile = ConfigFiles.read(file, problems);
        Map<String, Object> flat = new LinkedHashMap<>(fromFile);
        boolean unreadable = !problems.isEmpty();
        Set<String> retyped = new LinkedHashSet<>();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            String trimmed = override.trim();
            if (trimmed.startsWith(DELETE) && eq < 0) {
                String key = trimmed.substring(DELETE.length()).trim();
                if (key.isEmpty()) {
                    problems.add(trimmed, "malformed deletion '" + override + "'; expected ~key, e.g. ~backend.search");
                } else if (!ConfigTree.remove(flat, key)) {
                    problems.add(key, "nothing to delete: the config has no key " + key);
                }
            } else if (eq <= 0 || override.substring(0, eq).isBlank() || trimmed.startsWith(DELETE)) {
                problems.add(trimmed, "malformed override '" + override + "'; expected key=value (e.g. train.steps=100)"
                        + " or ~key (e.g. ~backend.search)");
            } else {
                String key = override.substring(0, eq).trim();
                flat.put(key, override.substring(eq + 1).trim());
                if (key.endsWith(".type")) {
                    retyped.add(key.substring(0, key.length() - ".type".length()));
                }
            }
        }
        if (unreadable) {
            throw new ConfigException(file, problems.list());
        }
        Set<String> droppable = new LinkedHashSet<>();
        for (String key : flat.keySet()) {
            if (fromFile.containsKey(key) && !overridden.contains(key)
                    && retyped.stream().anyMatch(slot -> key.startsWith(slot + ".") && !key.equals(slot + ".type"))) {
                droppable.add(key);
            }
        }
        return resolveFlat(flat, file, problems, new SlotResolver.Retyped(droppable));
    }

    /**
     * The file's own keys, flat (dotted keys, lists kept), before defaults: what a study's trials
     * change before the resolver fills in the rest.
     *
     * @throws ConfigException when the file cannot be read
     */
    public Map<String, Object> read(Path file) {
        ProblemList problems = new ProblemList(Set.of());
        Map<String, Object> flat = ConfigFiles.read(file, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(file, problems.list());
        }
        return flat;
    }

    /**
     * Validates a config given as nested maps (keys may also be dotted), as if read from a file.
     *
     * @param sourceName what to call the config in problems, e.g. a file name
     * @throws ConfigException listing every problem
     */
    public Experiment resolveTree(Map<String, ?> tree, String sourceName) {
        return resolveFlat(ConfigTree.flatten(tree), Path.of(sourceName), new ProblemList(Set.of()),
                new SlotResolver.Retyped(Set.of()));
    }

    /**
     * One loop over the declarations of the experiment's model type and the runner's sections (see
     * {@link Resolution#section}); then the checks across sections, the plugins' own checks and the
     * slots' role or kind checks, once each.
     */
    private Experiment resolveFlat(Map<String, Object> flat, Path source, ProblemList problems,
            SlotResolver.Retyped retyped) {
        Map<String, Object> tree = ConfigTree.nest(ConfigTree.interpolate(flat, problems), problems);
        Map<String, Object> modelSection = Sections.section(tree, MODEL, MODEL, problems);
        String typeName = Sections.value(MODEL, modelSection, types.typeSpec(), problems).toString();
        // under a misspelt model.type, another type's keys are not the mistake
        boolean typeValid = problems.list().stream().noneMatch(p -> p.key().equals("model.type"));
        ModelType type = types.get(typeName).orElse(types.defaultType());
        Sections.rejectUnknown("", tree, RunnerSchema.sectionNames(type), "", problems);

        Resolution resolution = new Resolution(type, typeValid, tree, new SlotResolver(plugins, retyped), problems);
        for (Section section : RunnerSchema.sections(type)) {
            resolution.section(section);
            if (section.name().equals(EXPERIMENT)) {
                resolution.slot(RunnerSchema.BACKEND, tree.get(BACKEND), resolution.resolved);
            }
        }
        Parameters dataValues = resolution.values.get(DATA);
        DataSpec data = DataSpec.from(dataValues);
        DataSection.check(data, resolution.given.get(DATA), problems);
        resolution.resolved.put(DATA, DataSection.tree(data, dataValues));
        TrainSpec.check(resolution.values.get(TRAIN), problems);
        if (problems.isEmpty()) {
            type.check(data, resolution.values()).forEach(p -> problems.add(p.key(), p.message()));
        }

        ModelShapes shapes = null;
        if (shapesAreValid(resolution.values.get(MODEL), problems)) {
            shapes = type.shapes(data, resolution.values.get(MODEL));
            for (Map.Entry<Slot, SlotResolver.Resolved> slot : resolution.slots.entrySet()) {
                check(slot.getKey(), slot.getValue(), shapes, problems);
            }
        }
        resolution.slots.forEach((slot, value) -> PluginKinds.check(slot, value, plugins, problems));
        if (!retyped.dropped().isEmpty()) {
            notices.accept("notice: a plugin type set on the command line does not declare these parameters of "
                    + source + "; they are dropped: " + String.join(", ", retyped.dropped()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.list());
        }
        ResolvedValues values = resolution.values();
        return new Experiment(values.keys(EXPERIMENT).getString("name"), type.name(),
                values.plugin(RunnerSchema.BACKEND.key()), data, TrainSpec.from(values.keys(TRAIN)),
                EvalSpec.from(values.keys(EVAL)), shapes, values, resolution.resolved);
    }

    /** What resolving the sections of one experiment has gathered so far. */
    private final class Resolution {
        final ModelType type;
        final boolean typeValid;
        final Map<String, Object> tree;
        final SlotResolver slotResolver;
        final ProblemList problems;
        /** The resolved tree, section by section, in the order written. */
        final Map<String, Object> resolved = new LinkedHashMap<>();
        final Map<String, Parameters> values = new LinkedHashMap<>();
        final Map<Slot, SlotResolver.Resolved> slots = new LinkedHashMap<>();
        /** The keys each section sets in the config. */
        final Map<String, Set<String>> given = new LinkedHashMap<>();

        Resolution(ModelType type, boolean typeValid, Map<String, Object> tree, SlotResolver slotResolver,
                ProblemList problems) {
            this.type = type;
            this.typeValid = typeValid;
            this.tree = tree;
            this.slotResolver = slotResolver;
            this.problems = problems;
        }

        /** One section: its unknown keys, its values (schema checks, defaults), its slots, its tree. */
        void section(Section section) {
            String name = section.name();
            Map<String, Object> raw = Sections.section(tree, name, name, problems);
            given.put(name, raw.keySet());
            raw = withoutOtherTypesKeys(type, typeValid, section, raw, problems);
            List<String> known = new ArrayList<>(section.names());
            Map<String, Object> sectionTree = new LinkedHashMap<>();
            if (name.equals(MODEL)) {
                known.add(0, "type");
                sectionTree.put("type", type.name());
            }
            Sections.rejectUnknown(name, raw, known, name, problems);
            Parameters sectionValues = defaultsFromKeys(type, name, raw,
                    Sections.values(name, raw, section.keys(), problems));
            values.put(name, sectionValues);
            sectionTree.putAll(sectionValues.asMap());
            for (Slot slot : section.slots()) {
                slot(slot, raw.get(slot.name()), sectionTree);
            }
            resolved.put(name, sectionTree);
        }

        /** One slot, written into {@code into} under its name. */
        void slot(Slot slot, Object raw, Map<String, Object> into) {
            SlotResolver.Resolved value = slotResolver.resolve(slot, raw, problems);
            slots.put(slot, value);
            into.put(slot.name(), value.tree());
        }

        ResolvedValues values() {
            Map<String, PluginConfig> chosen = new LinkedHashMap<>();
            Map<String, Parameters> slotKeys = new LinkedHashMap<>();
            slots.forEach((slot, value) -> {
                if (value.config() != null) {
                    chosen.put(slot.key(), value.config());
                }
                slotKeys.put(slot.key(), value.runnerValues());
            });
            return new ResolvedValues(values, chosen, slotKeys);
        }
    }

    private static final String EXPERIMENT = "experiment";
    private static final String BACKEND = "backend";
    private static final String DATA = "data";
    private static final String MODEL = "model";
    private static final String TRAIN = "train";
    private static final String EVAL = "eval";

    /** Plugin checks need the shapes, which need a valid dataset and model keys. */
    private static boolean shapesAreValid(Parameters model, ProblemList problems) {
        return problems.list().stream().map(ConfigProblem::key)
                .noneMatch(k -> k.equals(DATA) || k.equals("data.dataset") || k.equals("data.imageSize")
                        || k.equals("data.channels") || k.equals(MODEL)
                        || model.asMap().keySet().stream().anyMatch(m -> k.equals(MODEL + "." + m)));
    }

    /**
     * Runs a plugin's own cross-parameter check, once its schema checks passed. Only the top-level
     * slots are checked: a nested plugin may be built for other shapes than the model's (e.g. a
     * slice of the channels), which its parent plugin knows and checks.
     */
    private static void check(Slot slot, SlotResolver.Resolved resolved, ModelShapes shapes, ProblemList problems) {
        if (!resolved.clean() || resolved.config() == null) {
            return;
        }
        try {
            problems.addAll(slot.key(), resolved.provider().check(resolved.config().params(), shapes));
        } catch (RuntimeException e) {
            problems.add(slot.key(), "plugin '" + resolved.config().type() + "' failed to check its parameters: " + e);
        }
    }

    /**
     * Another model type's keys are mistakes worth naming, not merely unknown keys: each is reported
     * (when the model type is valid) and left out of the section.
     */
    private Map<String, Object> withoutOtherTypesKeys(ModelType type, boolean typeValid, Section section,
            Map<String, Object> raw, ProblemList problems) {
        Map<String, Object> kept = new LinkedHashMap<>();
        List<String> own = section.names();
        for (Map.Entry<String, Object> entry : raw.entrySet()) {
            String name = entry.getKey();
            List<String> others = own.contains(name) || name.equals("type") && section.name().equals(MODEL)
                    ? List.of()
                    : types.othersDeclaring(type, section.name(), name);
            if (others.isEmpty()) {
                kept.put(name, entry.getValue());
            } else if (typeValid) {
                for (String leaf : Sections.leaves(section.name() + "." + name, entry.getValue())) {
                    problems.add(leaf, "only a model.type " + String.join(" or ", others) + " has this key; model.type is "
                            + type.name() + " (allowed: " + types.names() + ")");
                }
            }
        }
        return kept;
    }

    /** Fills keys whose default is another key's value, where the config does not give them. */
    private static Parameters defaultsFromKeys(ModelType type, String section, Map<String, Object> raw,
            Parameters values) {
        Parameters filled = values;
        for (Map.Entry<String, String> e : type.defaultsFromKeys().entrySet()) {
            String key = e.getKey();
            String name = key.substring(key.indexOf('.') + 1);
            if (key.startsWith(section + ".") && !raw.containsKey(name)) {
                String from = e.getValue().substring(e.getValue().indexOf('.') + 1);
                filled = filled.with(name, values.asMap().get(from));
            }
        }
        return filled;
    }
}
