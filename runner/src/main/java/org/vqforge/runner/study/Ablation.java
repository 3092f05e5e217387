package org.vqforge.runner.study;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.study.report.StudyReport;

/**
 * A study from start to report: reads the study (a study file, or a base config with
 * {@code key=values} axes, or an existing study folder), validates every trial, claims the study
 * folder, runs the unfinished trials and writes the results.
 */
public final class Ablation {

    /** Where studies go when no folder is given: a second run of the same command resumes. */
    public static final Path DEFAULT_ROOT = Path.of("studies");

    /**
     * What the user asked for.
     *
     * @param config a study file, a base experiment config, or a study folder to resume
     * @param arguments {@code key=value} overrides and {@code key=v1,v2} axes
     * @param seeds {@code --seeds N}, or null
     * @param studyDir {@code --study-dir}, or null
     * @param workers trials at a time
     * @param launcher the launcher's name
     * @param launcherOptions the launcher's parameters ({@code --launcher-option KEY=VALUE})
     */
    public record Request(Path config, List<String> arguments, Integer seeds, Path studyDir, int workers, String launcher,
            Map<String, String> launcherOptions) {

        public Request {
            arguments = List.copyOf(arguments);
            launcherOptions = Map.copyOf(launcherOptions);
        }

        /** A request for a launcher with its default parameters. */
        public Request(Path config, List<String> arguments, Integer seeds, Path studyDir, int workers, String launcher) {
            this(config, arguments, seeds, studyDir, workers, launcher, Map.of());
        }
    }

    /**
     * A validated study, ready to run; nothing has been written yet.
     *
     * @param spec the study
     * @param trials every trial, validated
     * @param directory the study folder
     * @param description what study.yaml holds
     * @param launcher the launcher
     * @param workers trials at a time
     */
    public record Plan(StudySpec spec, List<Trial> trials, StudyDirectory directory, Map<String, Object> description,
            TrialLauncher launcher, int workers) {}

    private Ablation() {}

    /**
     * Validates everything before anything is written.
     *
     * @throws StudyException or {@link org.vqforge.runner.config.ConfigException} for bad input
     */
    public static Plan plan(Request request, ConfigResolver resolver, Launchers launchers) throws IOException {
        if (request.workers() < 1) {
            throw new StudyException("--workers: " + request.workers() + " is not allowed; at least 1");
        }
        if (request.seeds() != null && (request.seeds() < 1 || request.seeds() > 1000)) {
            throw new StudyException("--seeds: " + request.seeds() + " is not allowed; 1 to 1000");
        }
        Path config = request.config();
        List<String> arguments = request.arguments();
        Integer seeds = request.seeds();
        Path studyDir = request.studyDir();
        if (Files.isDirectory(config)) {
            StudyDirectory existing = new StudyDirectory(config);
            if (!existing.exists()) {
                throw new StudyException(config + " is a folder without " + StudyDirectory.STUDY
                        + "; give a study file or an experiment config");
            }
            if (!arguments.isEmpty()) {
                throw new StudyException("a study folder resumes its study as it was; key=value arguments are not allowed with "
                        + config);
            }
            StudyDirectory.Invocation invocation = existing.invocation();
            config = Path.of(invocation.config());
            arguments = invocation.arguments();
            seeds = seeds != null ? seeds : invocation.seeds();
            studyDir = studyDir != null ? studyDir : existing.root();
        }
        if (!Files.isRegularFile(config)) {
            throw new StudyException(config + ": no such file");
        }
        StudySpec spec = spec(config, arguments, seeds);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / request.workers());
        List<Trial> trials = new TrialPlanner(resolver).plan(spec, threads);
        StudyDirectory directory = new StudyDirectory(studyDir != null ? studyDir : DEFAULT_ROOT.resolve(AxisNames.safe(spec.name())));
        Map<String, Object> description = StudyDirectory.describe(spec, trials,
                new StudyDirectory.Invocation(config.toAbsolutePath().normalize().toString(), arguments, seeds));
        // last: a launcher may start a cluster application, which a bad trial config should not cost
        TrialLauncher launcher = launchers.create(request.launcher(), request.launcherOptions());
        return new Plan(spec, trials, directory, description, launcher, request.workers());
    }

    /** The study a file and the command line describe together. */
    static StudySpec spec(Path config, List<String> arguments, Integer seeds) {
        SweepArguments sweep = SweepArguments.parse(arguments);
        StudySpec file = StudyFile.isStudyFile(config) ? StudyFile.read(config)
                : new StudySpec(stem(config), config.toAbsolutePath().normalize(), Map.of(), List.of(), List.of());
        Map<String, Object> set = new LinkedHashMap<>(file.set());
        set.putAll(sweep.set());
        List<Axis> axes = new ArrayList<>(file.axes());
        axes.addAll(sweep.axes());
        List<Long> seedList = file.seeds();
        if (seeds != null) {
            List<Long> s = new ArrayList<>();
            for (long i = 0; i < seeds; i++) {
                s.add(i);
            }
            seedList = s;
        }
        return new StudySpec(file.name(), file.base(), set, AxisNames.disambiguate(axes), seedList);
    }

    /**
     * Claims the folder (writing study.yaml, or checking it matches), runs the unfinished trials and
     * writes the results.
     *
     * @return the trials' states and the Markdown summary
     */
    public static Outcome run(Plan plan, PrintWriter out, long progressEverySeconds) throws IOException, InterruptedException {
        List<TrialState> states;
        try (var launcher = plan.launcher()) {
            plan.directory().claim(plan.description());
            out.println("[study] " + plan.spec().name() + ": " + plan.trials().size() + " trials, " + plan.workers()
                    + " at a time, in " + plan.directory().root());
            states = new StudyExecutor(launcher, plan.workers(), out, progressEverySeconds).run(plan.directory(), plan.trials());
        }
        List<String> axes = plan.spec().axes().stream().map(Axis::name).toList();
        String markdown = StudyReport.write(plan.directory(), plan.spec().name(), axes, plan.trials());
        return new Outcome(states, markdown);
    }

    /** What a study run left: every trial's state and the summary. */
    public record Outcome(List<TrialState> states, String markdown) {

        public long failed() {
            return states.stream().filter(s -> !s.completed()).count();
        }
    }

    private static String stem(Path file) {
        String name = String.valueOf(file.getFileName());
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
