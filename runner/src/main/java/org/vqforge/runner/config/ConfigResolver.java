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
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.Parameters;
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
    private final Consumer<String> notices;

    /** @param plugins the registries plugin names are looked up in */
    public ConfigResolver(Plugins plugins) {
        this(plugins, notice -> { });
    }

    /**
     * @param plugins the registries plugin names are looked up in
     * @param notices where lines that are not problems go (e.g. parameters dropped with a slot's
     *     type changed on the command line)
     */
    public ConfigResolver(Plugins plugins, Consumer<String> notices) {
        this.plugins = Objects.requireNonNull(plugins, "plugins");
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
     * Validates a config given as nested maps (keys may also be dotted), as if read from a file.
     *
     * @param sourceName what to call the config in problems, e.g. a file name
     * @throws ConfigException listing every problem
     */
    public Experiment resolveTree(Map<String, ?> tree, String sourceName) {
        return resolveFlat(ConfigTree.flatten(tree), Path.of(sourceName), new ProblemList(Set.of()),
                new SlotResolver.Retyped(Set.of()));
    }

    private Experiment resolveFlat(Map<String, Object> flat, Path source, ProblemList problems,
            SlotResolver.Retyped retyped) {
        SlotResolver slots = new SlotResolver(plugins, retyped);
        Map<String, Object> tree = ConfigTree.nest(ConfigTree.interpolate(flat, problems), problems);
        Sections.rejectUnknown("", tree, RunnerSchema.SECTIONS, "", problems);

        Map<String, Object> experimentSection = Sections.section(tree, "experiment", "experiment", problems);
        Sections.rejectUnknown("experiment", experimentSection, names(RunnerSchema.EXPERIMENT), "experiment", problems);
        Parameters experiment = Sections.values("experiment", experimentSection, RunnerSchema.EXPERIMENT, problems);

        SlotResolver.Resolved backend = slots.resolve(RunnerSchema.BACKEND, tree.get("backend"), problems);

        Map<String, Object> dataSection = Sections.section(tree, "data", "data", problems);
        Sections.rejectUnknown("data", dataSection, names(RunnerSchema.DATA), "data", problems);
        Parameters data = Sections.values("data", dataSection, RunnerSchema.DATA, problems);
        DataSpec dataSpec = DataSection.spec(data);
        DataSection.check(dataSpec, dataSection.keySet(), problems);

        Map<String, Object> evalSection = Sections.section(tree, "eval", "eval", problems);
        Sections.rejectUnknown("eval", evalSection, names(RunnerSchema.EVAL), "eval", problems);
        Parameters eval = Sections.values("eval", evalSection, RunnerSchema.EVAL, problems);
        EvalSpec evalSpec = new EvalSpec(eval.getString("featureNetwork"));

        Map<String, Object> modelSection = Sections.section(tree, "model", "model", problems);
        Sections.rejectUnknown("model", modelSection,
                List.of("type", "latentChannels", "encoder", "quantizer", "decoder", "discriminator"), "model", problems);
        String modelType = Sections.value("model", modelSection, RunnerSchema.MODEL_TYPE, problems).toString();
        boolean gan = RunnerSchema.VQGAN.equals(modelType);
        Parameters model = Sections.values("model", modelSection, RunnerSchema.MODEL, problems);
        SlotResolver.Resolved encoder = slots.resolve(RunnerSchema.ENCODER, modelSection.get("encoder"), problems);
        SlotResolver.Resolved quantizer = slots.resolve(RunnerSchema.QUANTIZER, modelSection.get("quantizer"), problems);
        SlotResolver.Resolved decoder = slots.resolve(RunnerSchema.DECODER, modelSection.get("decoder"), problems);
        SlotResolver.Resolved discriminator = gan
                ? slots.resolve(RunnerSchema.DISCRIMINATOR, modelSection.get("discriminator"), problems)
                : null;

        Map<String, Object> lossSection = Sections.section(tree, "loss", "loss", problems);
        Sections.rejectUnknown("loss", lossSection,
                List.of("codebookWeight", "reconstruction", "perceptual", "adversarial"), "loss", problems);
        Parameters loss = Sections.values("loss", lossSection, RunnerSchema.LOSS, problems);
        SlotResolver.Resolved reconstruction = slots.resolve(RunnerSchema.RECONSTRUCTION_LOSS,
                lossSection.get("reconstruction"), problems);
        SlotResolver.Resolved perceptual = slots.resolveOptional(RunnerSchema.PERCEPTUAL_LOSS,
                lossSection.get("perceptual"), problems);
        SlotResolver.Resolved adversarial = gan
                ? slots.resolve(RunnerSchema.ADVERSARIAL_LOSS, lossSection.get("adversarial"), problems)
                : null;

        Map<String, Object> trainSection = Sections.section(tree, "train", "train", problems);
        ParameterSchema optimizerSchema = gan ? RunnerSchema.VQGAN_OPTIMIZER : RunnerSchema.VQVAE_OPTIMIZER;
        List<String> trainKeys = new ArrayList<>(names(RunnerSchema.TRAIN));
        trainKeys.addAll(names(optimizerSchema));
        if (!gan) {
            // under a misspelt model.type, the vqgan keys are not the mistake
            boolean typeValid = problems.list().stream().noneMatch(p -> p.key().equals("model.type"));
            if (typeValid) {
                rejectGanOnly(modelType, tree, problems);
            }
            trainSection = withoutKeys(trainSection, List.of("discLearningRate"));
        }
        Sections.rejectUnknown("train", trainSection, trainKeys, "train", problems);
        Parameters train = Sections.values("train", trainSection, RunnerSchema.TRAIN, problems);
        Parameters optimizer = Sections.values("train", trainSection, optimizerSchema, problems);
        if (train.getDouble("minLearningRate") > train.getDouble("learningRate")) {
            problems.add("train.minLearningRate", train.getDouble("minLearningRate")
                    + " is above train.learningRate " + train.getDouble("learningRate")
                    + " (allowed: [0, train.learningRate])");
        }
        if (gan && !trainSection.containsKey("discLearningRate")) {
            optimizer = optimizer.with("discLearningRate", train.getDouble("learningRate"));
        }

        if (shapesAreValid(problems)) {
            ModelShapes shapes = DatasetShapes.of(dataSpec, model.getInt("latentChannels"));
            check(RunnerSchema.BACKEND, backend, shapes, problems);
            check(RunnerSchema.ENCODER, encoder, shapes, problems);
            check(RunnerSchema.QUANTIZER, quantizer, shapes, problems);
            check(RunnerSchema.DECODER, decoder, shapes, problems);
            check(RunnerSchema.RECONSTRUCTION_LOSS, reconstruction, shapes, problems);
            check(RunnerSchema.PERCEPTUAL_LOSS, perceptual, shapes, problems);
            if (gan) {
                check(RunnerSchema.DISCRIMINATOR, discriminator, shapes, problems);
                check(RunnerSchema.ADVERSARIAL_LOSS, adversarial, shapes, problems);
            }
        }
        PluginKinds.checkRole(RunnerSchema.ENCODER, encoder, NetworkRole.ENCODER, plugins, problems);
        PluginKinds.checkRole(RunnerSchema.DECODER, decoder, NetworkRole.DECODER, plugins, problems);
        PluginKinds.checkKind(RunnerSchema.RECONSTRUCTION_LOSS, reconstruction, LossKind.RECONSTRUCTION, plugins,
                problems);
        PluginKinds.checkKind(RunnerSchema.PERCEPTUAL_LOSS, perceptual, LossKind.RECONSTRUCTION, plugins, problems);
        if (gan) {
            PluginKinds.checkRole(RunnerSchema.DISCRIMINATOR, discriminator, NetworkRole.DISCRIMINATOR, plugins,
                    problems);
            PluginKinds.checkKind(RunnerSchema.ADVERSARIAL_LOSS, adversarial, LossKind.ADVERSARIAL, plugins,
                    problems);
        }
        if (!retyped.dropped().isEmpty()) {
            notices.accept("notice: a plugin type set on the command line does not declare these parameters of "
                    + source + "; they are dropped: " + String.join(", ", retyped.dropped()));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems.list());
        }

        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("experiment", experiment.asMap());
        resolved.put("backend", backend.tree());
        resolved.put("data", DataSection.tree(dataSpec, data));
        Map<String, Object> modelTree = new LinkedHashMap<>();
        modelTree.put("type", modelType);
        modelTree.putAll(model.asMap());
        modelTree.put("encoder", encoder.tree());
        modelTree.put("quantizer", quantizer.tree());
        modelTree.put("decoder", decoder.tree());
        if (gan) {
            modelTree.put("discriminator", discriminator.tree());
        }
        resolved.put("model", modelTree);
        Map<String, Object> lossTree = new LinkedHashMap<>(loss.asMap());
        lossTree.put("reconstruction", reconstruction.tree());
        lossTree.put("perceptual", perceptual.tree());
        if (gan) {
            lossTree.put("adversarial", adversarial.tree());
        }
        resolved.put("loss", lossTree);
        Map<String, Object> trainTree = new LinkedHashMap<>(train.asMap());
        trainTree.putAll(optimizer.asMap());
        resolved.put("train", trainTree);
        resolved.put("eval", eval.asMap());

        return new Experiment(
                experiment.getString("name"),
                backend.config(),
                dataSpec,
                new ModelSpec(modelType, model.getInt("latentChannels"), encoder.config(), quantizer.config(),
                        decoder.config(), gan ? discriminator.config() : null),
                new LossSpec(reconstruction.config(), reconstruction.runnerValues().getDouble("weight"),
                        loss.getDouble("codebookWeight"), perceptual.config(),
                        perceptual.runnerValues().getDouble("weight"), gan ? adversarialSpec(adversarial) : null),
                new TrainSpec(train.getInt("steps"), train.getInt("epochs"), train.getInt("batchSize"),
                        train.getDouble("learningRate"), train.getInt("seed"), train.getInt("logEvery"),
                        train.getInt("checkpointEvery"), train.getInt("evalBatchSize"),
                        optimizer.getDouble("beta1"), optimizer.getDouble("beta2"),
                        gan ? optimizer.getDouble("discLearningRate") : train.getDouble("learningRate"),
                        train.getDouble("gradClip"), train.getDouble("emaDecay"), train.getString("schedule"),
                        train.getInt("warmupSteps"), train.getDouble("minLearningRate")),
                evalSpec,
                resolved);
    }

    /** Plugin checks need the shapes, which need a valid dataset and latent width. */
    private static boolean shapesAreValid(ProblemList problems) {
        return problems.list().stream().map(ConfigProblem::key)
                .noneMatch(k -> k.equals("data") || k.equals("data.dataset") || k.equals("data.imageSize")
                        || k.equals("data.channels") || k.equals("model")
                        || k.equals("model.latentChannels"));
    }

    /**
     * Runs a plugin's own cross-parameter check, once its schema checks passed. Only the top-level
     * slots are checked: a nested plugin may be built for other shapes than the model's (e.g. a
     * slice of the channels), which its parent plugin knows and checks.
     */
    private static void check(RunnerSchema.Slot slot, SlotResolver.Resolved resolved, ModelShapes shapes,
            ProblemList problems) {
        if (!resolved.clean() || resolved.config() == null) {
            return;
        }
        try {
            problems.addAll(slot.key(), resolved.provider().check(resolved.config().params(), shapes));
        } catch (RuntimeException e) {
            problems.add(slot.key(), "plugin '" + resolved.config().type() + "' failed to check its parameters: " + e);
        }
    }

    private static AdversarialSpec adversarialSpec(SlotResolver.Resolved adversarial) {
        Parameters values = adversarial.runnerValues();
        return new AdversarialSpec(adversarial.config(), values.getDouble("discWeight"), values.getDouble("discFactor"),
                values.getInt("discStart"), values.getBoolean("trainDiscBeforeStart"));
    }

    /** A vqgan's keys under a vqvae are mistakes worth naming, not merely unknown keys. */
    private static void rejectGanOnly(String modelType, Map<String, Object> tree, ProblemList problems) {
        Map<String, Object> flat = ConfigTree.flatten(tree);
        for (String ganKey : RunnerSchema.VQGAN_ONLY) {
            for (String key : flat.keySet()) {
                if (key.equals(ganKey) || key.startsWith(ganKey + ".")) {
                    problems.add(key, "only a model.type " + RunnerSchema.VQGAN + " has this key; model.type is "
                            + modelType + " (allowed: " + RunnerSchema.MODEL_TYPE.choices() + ")");
                }
            }
        }
    }

    private static Map<String, Object> withoutKeys(Map<String, Object> section, List<String> keys) {
        Map<String, Object> kept = new LinkedHashMap<>(section);
        kept.keySet().removeAll(keys);
        return kept;
    }

    private static List<String> names(ParameterSchema schema) {
        return schema.specs().stream().map(ParameterSpec::name).toList();
    }
}
