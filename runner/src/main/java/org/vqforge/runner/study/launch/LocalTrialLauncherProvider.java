package org.vqforge.runner.study.launch;

import java.util.Arrays;
import java.util.List;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialLauncherProvider;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/** The built-in launcher: every trial a child JVM on this machine, started like {@code ./vqf}. */
@Plugin(name = "local", description = "each trial in its own JVM on this machine, with the vqf launcher's module path")
public final class LocalTrialLauncherProvider implements TrialLauncherProvider {

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .string("javaOptions", "-Xmn32m -XX:+UseSerialGC",
                    "JVM options of each trial, space-separated (the vqf launcher's: a fixed young generation and the"
                            + " serial collector)")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public TrialLauncher create(Parameters params) {
        // the vqf script passes VQF_JAVA_OPTS to the study's JVM; its trials get them too
        String options = (params.getString("javaOptions") + " " + System.getenv().getOrDefault("VQF_JAVA_OPTS", "")).trim();
        List<String> split = options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
        return new LocalTrialLauncher(JavaCommand.current(split));
    }
}
