package org.vqforge.api.launcher;

import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginProvider;

/**
 * Extension point for the ways a study runs its trials: a child JVM on this machine (the built-in
 * {@code local}), a job scheduler, a cluster engine. Study key: {@code launcher.type}. The study
 * code only starts trials and waits for them, so a new way to run them is a plugin, not a change
 * to the study.
 */
public interface TrialLauncherProvider extends PluginProvider {

    /** A launcher with its validated parameters. */
    TrialLauncher create(Parameters params);
}
