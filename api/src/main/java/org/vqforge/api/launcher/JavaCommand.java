package org.vqforge.api.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start another {@code vqf} JVM exactly like this one: the same java, module path (the
 * runner's lib jars and VQF_PLUGINS, as the launcher script set them) and class path (the native
 * libtorch jar). On the class path alone (tests), the same class path with the main class. In the
 * api so that every launcher plugin starts its trials the way the built-in {@code local} does.
 *
 * @param java the java executable
 * @param modulePath the module path, empty when running on the class path
 * @param classPath the class path
 * @param options JVM options put before the main class (e.g. -Xmn32m)
 */
public record JavaCommand(Path java, String modulePath, String classPath, List<String> options) {

    static final String MAIN_MODULE = "org.vqforge.runner";
    static final String MAIN_CLASS = "org.vqforge.runner.cli.Main";

    public JavaCommand {
        Objects.requireNonNull(java, "java");
        options = List.copyOf(options);
    }

    /** The default JVM options of a trial: the vqf launcher's fixed young generation and serial collector. */
    public static final String DEFAULT_TRIAL_OPTIONS = "-Xmn32m -XX:+UseSerialGC";

    /**
     * A trial's JVM options: a launcher's {@code javaOptions} parameter (space-separated) and then
     * {@code VQF_JAVA_OPTS}, which the vqf script passes to the study's JVM, so its trials get them too.
     */
    public static List<String> trialOptions(String javaOptions) {
        String options = (javaOptions + " " + System.getenv().getOrDefault("VQF_JAVA_OPTS", "")).trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /** The command of the running JVM, with {@code options}. */
    public static JavaCommand current(List<String> options) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String modulePath = JavaCommand.class.getModule().isNamed() ? System.getProperty("jdk.module.path", "") : "";
        return new JavaCommand(java, modulePath, System.getProperty("java.class.path", ""), options);
    }

    /** The full command line for {@code vqf} with {@code arguments}. */
    public List<String> commandLine(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options);
        String offline = System.getProperty("ai.djl.offline");
        if (offline != null) {
            command.add("-Dai.djl.offline=" + offline);
        }
        if (!modulePath.isEmpty()) {
            command.addAll(List.of("--module-path", modulePath));
            if (!classPath.isEmpty()) {
                command.addAll(List.of("--class-path", classPath));
            }
            command.addAll(List.of("--add-modules", "ALL-MODULE-PATH", "-m", MAIN_MODULE + "/" + MAIN_CLASS));
        } else {
            command.addAll(List.of("--class-path", classPath, MAIN_CLASS));
        }
        command.addAll(arguments);
        return command;
    }
}
