package org.vqforge.runner.study.launch;

import org.vqforge.api.launcher.JavaCommand;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialLauncherProvider;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/** The built-in launcher: every trial a child JVM on this machine, started like {@code ./vqf}. */
@Plugin(name = "local", description = "each trial in its own JVM on this machine, with the vqf launcher's module path")
public final class LocalTrialLauncherProvider implements TrialLauncherProvider {

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .string("javaOptions", JavaCommand.DEFAULT_TRIAL_OPTIONS,
                    "JVM options of each trial, space-separated (the vqf launcher's: a fixed young generation and the"
                            + " serial collector)")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public TrialLauncher create(Parameters params) {
        return new LocalTrialLauncher(JavaCommand.current(JavaCommand.trialOptions(params.getString("javaOptions"))));
    }
}
