package org.vqforge.runner.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.runner.discovery.Plugins;

/**
 * Turns an experiment file plus {@code key=value} overrides into a validated {@link Experiment}.
 * Every problem (unknown keys, wrong types, out-of-range values, unknown plugins, plugin checks) is
 * collected and reported together in one {@link ConfigException}, before anything is built.
 */
public final class ConfigResolver {

    private final SlotResolver slots;

    /** @param plugins the registries plugin names are looked up in */
    public ConfigResolver(Plugins plugins) {
        this.slots = new SlotResolver(Objects.requireNonNull(plugins, "plugins"));
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
            }
        }
        ProblemList problems = new ProblemList(overridden);
        Map<String, Object> flat = new LinkedHashMap<>(ConfigFiles.read(file, problems));
        boolean unreadable = !problems.isEmpty();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0 || override.substring(0, eq).isBlank()) {
                problems.add(override.trim(), "malformed override '" + override + "'; expected key=value, e.g. train.steps=100");
            } else {
                flat.put(override.substring(0, eq).trim(), override.substring(eq + 1).trim());
            }
        }
        if (unreadable) {
            throw new ConfigException(file, problems.list());
        }
        return resolveFlat(flat, file, problems);
    }

    /**
     * Validates a config given as nested maps (keys may also be dotted), as if read from a file.
     *
     * @param sourceName what to call the config in problems, e.g. a file name
     * @throws ConfigException listing every problem
     */
    public Experiment resolveTree(Map<String, ?> tree, String sourceName) {
        return resolveFlat(ConfigTree.flatten(tree), Path.of(sourceName), new ProblemList(Set.of()));
    }

    private Experiment resolveFlat(Map<String, Object> flat, Path source, ProblemList problems) {
        Map<String, Object> tree = ConfigTree.nest(ConfigTree.interpolate(flat, problems), problems);
        Sections.rejectUnknown("", tree, RunnerSchema.SECTIONS, "", problems);

        Map<String, Object> experimentSection = Sections.section(tree, "experiment", "experiment", problems);
        Sections.rejectUnknown("experiment", experimentSection, names(RunnerSchema.EXPERIMENT), "experiment", problems);
        Parameters experiment = Sections.values("experiment", experimentSection, RunnerSchema.EXPERIMENT, problems);

        SlotResolver.Resolved backend = slots.resolve(RunnerSchema.BACKEND, tree.get("backend"), problems);

        Map<String, Object> dataSection = Sections.section(tree, "data", "data", problems);
        Sections.rejectUnknown("data", dataSection, names(RunnerSchema.DATA), "data", problems);
        Parameters data = Sections.values("data", dataSection, RunnerSchema.DATA, problems);

        Map<String, Object> modelSection = Sections.section(tree, "model", "model", problems);
        Sections.rejectUnknown("model", modelSection, List.of("type", "latentChannels", "encoder", "quantizer", "decoder"),
                "model", problems);
        String modelType = Sections.value("model", modelSection, RunnerSchema.MODEL_TYPE, problems).toString();
        Parameters model = Sections.values("model", modelSection, RunnerSchema.MODEL, problems);
        SlotResolver.Resolved encoder = slots.resolve(RunnerSchema.ENCODER, modelSection.get("encoder"), problems);
        SlotResolver.Resolved quantizer = slots.resolve(RunnerSchema.QUANTIZER, modelSection.get("quantizer"), problems);
        SlotResolver.Resolved decoder = slots.resolve(RunnerSchema.DECODER, modelSection.get("decoder"), problems);

        Map<String, Object> lossSection = Sections.section(tree, "loss", "loss", problems);
        Sections.rejectUnknown("loss", lossSection, List.of("codebookWeight", "reconstruction"), "loss", problems);
        Parameters loss = Sections.values("loss", lossSection, RunnerSchema.LOSS, problems);
        SlotResolver.Resolved reconstruction = slots.resolve(RunnerSchema.RECONSTRUCTION_LOSS,
                lossSection.get("reconstruction"), problems);

        Map<String, Object> trainSection = Sections.section(tree, "train", "train", problems);
        Sections.rejectUnknown("train", trainSection, names(RunnerSchema.TRAIN), "train", problems);
        Parameters train = Sections.values("train", trainSection, RunnerSchema.TRAIN, problems);

        if (shapesAreValid(problems)) {
            ModelShapes shapes = DatasetShapes.of(data.getString("dataset"), model.getInt("latentChannels"));
            check(RunnerSchema.BACKEND, backend, shapes, problems);
            check(RunnerSchema.ENCODER, encoder, shapes, problems);
            check(RunnerSchema.QUANTIZER, quantizer, shapes, problems);
            check(RunnerSchema.DECODER, decoder, shapes, problems);
            check(RunnerSchema.RECONSTRUCTION_LOSS, reconstruction, shapes, problems);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.list());
        }

        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("experiment", experiment.asMap());
        resolved.put("backend", backend.tree());
        resolved.put("data", data.asMap());
        Map<String, Object> modelTree = new LinkedHashMap<>();
        modelTree.put("type", modelType);
        modelTree.putAll(model.asMap());
        modelTree.put("encoder", encoder.tree());
        modelTree.put("quantizer", quantizer.tree());
        modelTree.put("decoder", decoder.tree());
        resolved.put("model", modelTree);
        Map<String, Object> lossTree = new LinkedHashMap<>(loss.asMap());
        lossTree.put("reconstruction", reconstruction.tree());
        resolved.put("loss", lossTree);
        resolved.put("train", train.asMap());

        return new Experiment(
                experiment.getString("name"),
                backend.config(),
                new DataSpec(data.getString("dataset"), data.getString("path"), data.getInt("trainLimit"),
                        data.getInt("testLimit")),
                new ModelSpec(modelType, model.getInt("latentChannels"), encoder.config(), quantizer.config(),
                        decoder.config()),
                new LossSpec(reconstruction.config(), reconstruction.runnerValues().getDouble("weight"),
                        loss.getDouble("codebookWeight")),
                new TrainSpec(train.getInt("steps"), train.getInt("epochs"), train.getInt("batchSize"),
                        train.getDouble("learningRate"), train.getInt("seed"), train.getInt("logEvery"),
                        train.getInt("checkpointEvery"), train.getInt("evalBatchSize")),
                resolved);
    }

    /** Plugin checks need the shapes, which need a valid dataset and latent width. */
    private static boolean shapesAreValid(ProblemList problems) {
        return problems.list().stream().map(ConfigProblem::key)
                .noneMatch(k -> k.equals("data") || k.equals("data.dataset") || k.equals("model")
                        || k.equals("model.latentChannels"));
    }

    /**
     * Runs a plugin's own cross-parameter check, once its schema checks passed. Only the top-level
     * slots are checked: a nested plugin may be built for other shapes than the model's (e.g. a
     * slice of the channels), which its parent plugin knows and checks.
     */
    private static void check(RunnerSchema.Slot slot, SlotResolver.Resolved resolved, ModelShapes shapes,
            ProblemList problems) {
        if (!resolved.clean()) {
            return;
        }
        try {
            problems.addAll(slot.key(), resolved.provider().check(resolved.config().params(), shapes));
        } catch (RuntimeException e) {
            problems.add(slot.key(), "plugin '" + resolved.config().type() + "' failed to check its parameters: " + e);
        }
    }

    private static List<String> names(ParameterSchema schema) {
        return schema.specs().stream().map(ParameterSpec::name).toList();
    }
}
