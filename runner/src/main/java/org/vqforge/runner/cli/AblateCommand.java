package org.vqforge.runner.cli;

import org.vqforge.runner.recipe.Recipes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.study.Ablation;
import org.vqforge.runner.study.Launchers;
import org.vqforge.runner.study.StudyDirectory;
import org.vqforge.runner.study.StudyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ablate", mixinStandardHelpOptions = true,
        description = {"Runs a study: every combination of the axes for each seed, each trial in its own JVM.",
            "CONFIG is a study file (base, set, axes, seeds), an experiment config swept by",
            "key=v1,v2 arguments, or a study folder. On an existing study folder the finished",
            "trials are kept and the others run again. Writes results.csv, summary.md and",
            "report.html into the study folder."})
final class AblateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "study file, experiment config, or study folder")
    Path config;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUES",
            description = "key=v1,v2 sweeps a key; key=v sets it for every trial; bracket list values: key=[8,5,5],[4,4,4]")
    List<String> arguments = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "run every combination with seeds 0..N-1")
    Integer seeds;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "trials at a time; each gets cores / N threads unless backend.threads is set (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--study-dir", paramLabel = "DIR", description = "study folder (default: studies/NAME)")
    Path studyDir;

    @Option(names = "--launcher", paramLabel = "NAME", defaultValue = Launchers.DEFAULT,
            description = "how trials are started (default: ${DEFAULT-VALUE})")
    String launcher;

    @Option(names = {"-L", "--launcher-option"}, paramLabel = "KEY=VALUE",
            description = "a parameter of the launcher, e.g. -L master=spark://host:7077 (`./vqf plugins` lists them)")
    Map<String, String> launcherOptions = new LinkedHashMap<>();

    @Option(names = "--master", paramLabel = "URL",
            description = "the launcher's master, e.g. --launcher spark --master spark://host:7077 (the same as -L master=URL)")
    String master;

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "15",
            description = "seconds between study progress lines; 0 for only one per finished trial (default: ${DEFAULT-VALUE})")
    long progressEvery;

    @Override
    public Integer call() throws Exception {
        Plugins plugins = Runs.discover(spec.commandLine().getErr());
        Ablation.Plan plan;
        try {
            if (master != null) {
                String given = launcherOptions.putIfAbsent("master", master);
                if (given != null && !given.equals(master)) {
                    throw new UserInputException("--master " + master + " and -L master=" + given + " disagree; give one");
                }
            }
            plan = Ablation.plan(new Ablation.Request(config, arguments, seeds, studyDir, workers, launcher, launcherOptions),
                    Recipes.resolver(plugins), Launchers.of(plugins));
        } catch (StudyException e) {
            throw new UserInputException(e.getMessage());
        }
        Ablation.Outcome outcome;
        try {
            outcome = Ablation.run(plan, spec.commandLine().getOut(), progressEvery);
        } catch (StudyException e) {
            throw new UserInputException(e.getMessage());
        }
        var out = spec.commandLine().getOut();
        out.println();
        out.print(outcome.markdown());
        Path root = plan.directory().root();
        out.println();
        out.println("results: " + root.resolve(StudyDirectory.RESULTS_CSV));
        out.println("report:  " + root.resolve(StudyDirectory.REPORT_HTML));
        if (outcome.failed() > 0) {
            out.println(outcome.failed() + " trial(s) failed (see results.csv and each trial.log); `./vqf ablate "
                    + root + "` runs them again");
            return ErrorHandler.FAILURE;
        }
        return 0;
    }
}
