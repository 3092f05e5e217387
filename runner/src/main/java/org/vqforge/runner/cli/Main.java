package org.vqforge.runner.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code vqf}. */
@Command(name = "vqf", mixinStandardHelpOptions = true, version = "vqforge 0.1.0",
        description = "Train and evaluate vector-quantised image models composed from plugins.",
        subcommands = {TrainCommand.class, EvalCommand.class, ReconstructCommand.class, PluginsCommand.class,
            BenchCommand.class, AblateCommand.class, RerunCommand.class, FeaturesCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    static {
        // Guice's generated fast classes land in an unnamed module, which cannot see the runner's
        // non-exported packages on the module path; plain reflection (through `opens`) can.
        System.setProperty("guice_bytecode_gen_option", "DISABLED");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
