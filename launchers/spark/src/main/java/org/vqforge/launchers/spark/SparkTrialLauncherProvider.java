package org.vqforge.launchers.spark;

import org.vqforge.api.launcher.JavaCommand;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialLauncherProvider;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/**
 * Each trial one Spark task whose body starts the trial's JVM on its executor. Listing this
 * provider loads nothing of Spark; {@link #create} does, from {@code sparkHome}.
 */
@Plugin(name = "spark", description = "each trial one Apache Spark task (its own JVM on an executor): local[N], standalone, YARN or Kubernetes")
public final class SparkTrialLauncherProvider implements TrialLauncherProvider {

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .string("master", "local[*]", "Spark master URL: local[N] (embedded), spark://HOST:PORT, yarn, k8s://...")
            .integer("cpusPerTrial", 1, 1, null, "spark.task.cpus: cores a trial's task holds; set backend.threads to match")
            .string("executorMemory", "512m", "spark.executor.memory (the executor only waits for the trial's own JVM)")
            .integer("maxFailures", 4, 1, null,
                    "spark.task.maxFailures: attempts of a trial whose executor is lost or whose JVM is killed (local[N] too)")
            .bool("sharedStudyDir", true,
                    "executors see the study folder at the same path (one machine, NFS): trials write in place and a retry "
                            + "resumes from the last checkpoint; false: the small files travel back, checkpoints stay on the executor")
            .string("conf", "", "more Spark settings, space-separated KEY=VALUE (e.g. spark.locality.wait=0s)")
            .string("sparkHome", "", "folder whose jars/ holds Spark (default: VQF_SPARK_HOME, else target/spark beside this plugin's jar)")
            .string("javaOptions", JavaCommand.DEFAULT_TRIAL_OPTIONS, "JVM options of each trial, space-separated (as the local launcher)")
            .integer("executorWait", 60, 1, null, "seconds to wait for a cluster's first executor that fits cpusPerTrial")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    /**
     * Starts the Spark application. Everything wrong with the settings or the cluster is found
     * here, before the study starts a trial.
     *
     * @throws IllegalArgumentException naming what is wrong (an unreachable master, a setting Spark refuses,
     *     cpusPerTrial larger than any executor)
     */
    @Override
    public TrialLauncher create(Parameters params) {
        return SparkTrialLauncher.start(SparkSettings.of(params));
    }
}
