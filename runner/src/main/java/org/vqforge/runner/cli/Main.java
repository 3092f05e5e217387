package org.vqforge.runner.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of {@code vqf}. */
@Command(name = "vqf", mixinStandardHelpOptions = true, version = "vqforge 0.1.0",
        description = "Train and evaluate vector-quantised image models composed from plugins.",
        subcommands = {TrainCommand.class, EvalCommand.class, ReconstructCommand.class, EncodeCommand.class,
            DecodeCommand.class, SampleCommand.class, ReportCommand.class, PluginsCommand.class,
            BenchCommand.class, AblateCommand.class, RerunCommand.class, FeaturesCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    static final String DEBUG = "--debug";
    /** Environment variable that turns stack traces on, like {@value #DEBUG}. */
    static final String DEBUG_VARIABLE = "VQF_DEBUG";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = DEBUG, scope = ScopeType.INHERIT,
            description = "on a failure, print the stack trace as well as the message (or set VQF_DEBUG=1)")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line, for tests. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** The configured command line as it behaves under the environment {@code env}. */
    static CommandLine commandLine(Map<String, String> env) {
        String debug = env.getOrDefault(DEBUG_VARIABLE, "");
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler(debug.equals("1") || debug.equalsIgnoreCase("true")))
                .setParameterExceptionHandler(Main::badArguments)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** A command line picocli cannot parse: one line naming the problem and where the usage is. */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        cmd.getErr().println("error: " + e.getMessage() + " (usage: " + cmd.getCommandSpec().qualifiedName() + " --help)");
        return ErrorHandler.BAD_INPUT;
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
