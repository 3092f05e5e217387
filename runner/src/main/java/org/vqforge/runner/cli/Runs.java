package org.vqforge.runner.cli;

import org.vqforge.runner.embed.TrainedPrior;

import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.IOException;
import java.nio.file.Path;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.embed.Experiments;
import org.vqforge.runner.embed.RunDirectories;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.wiring.RunnerModule;

/** What the commands share: discovery, config resolution of a run directory, the injector. */
final class Runs {

    private Runs() {}

    /**
     * Checks the VQF_PLUGINS entries, discovers plugins and warns about broken ones (the others still work).
     *
     * @throws org.vqforge.runner.discovery.PluginPathException for an entry that is not a plugin
     */
    static Plugins discover(java.io.PrintWriter err) {
        return Experiments.discover(err::println);
    }

    /** Whether {@code runDir} holds a prior's run (its stored config says model.type: prior). */
    static boolean isPrior(Path runDir, Plugins plugins) {
        RunDirectory run = new RunDirectory(runDir);
        return run.exists() && RunDirectories.stored(plugins, run).type().equals(TrainedPrior.TYPE);
    }

    /** Restores the last complete checkpoint of the run in {@code runDir}. */
    static RunDirectories.Restored lastCheckpoint(Path runDir, java.io.PrintWriter err) throws IOException {
        return RunDirectories.restoreLast(discover(err), runDir);
    }

    static Injector injector(Plugins plugins, Experiment experiment, RunDirectory run, String hash,
            RunnerModule.Listeners listeners, Module... more) {
        return RunDirectories.injector(plugins, experiment, run, hash, listeners, more);
    }
}
