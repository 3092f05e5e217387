package org.vqforge.launchers.spark;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vqforge.api.launcher.JavaCommand;
import org.vqforge.api.launcher.RunningTrial;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialRequest;
import org.vqforge.launchers.spark.task.TrialCluster;
import org.vqforge.launchers.spark.task.TrialTask;

/** Starts each trial as a Spark job of one task on the study's Spark application. */
final class SparkTrialLauncher implements TrialLauncher {

    static final String CLUSTER_CLASS = "org.vqforge.launchers.spark.driver.SparkTrialCluster";

    private final SparkSettings settings;
    private final SparkClassLoader loader;
    private final TrialCluster cluster;
    private final JavaCommand java;

    private SparkTrialLauncher(SparkSettings settings, SparkClassLoader loader, TrialCluster cluster) {
        this.settings = settings;
        this.loader = loader;
        this.cluster = cluster;
        this.java = JavaCommand.current(settings.javaOptions());
    }

    /**
     * Loads Spark and starts the application.
     *
     * @throws IllegalArgumentException when the master does not answer, Spark refuses a setting,
     *     or no executor can take a trial
     */
    static SparkTrialLauncher start(SparkSettings settings) {
        settings.checkMasterReachable();
        SparkClassLoader loader = SparkClassLoader.of(settings.sparkHome(), settings.driverCode());
        if (!Object.class.getModule().isOpen("java.nio", loader.getUnnamedModule())
                || ModuleLayer.boot().findModule("java.sql").isEmpty()) {
            // ./vqf passes Spark's JVM options only to a command that names the launcher
            throw new IllegalArgumentException("this JVM lacks Spark's options (--add-opens, --add-modules ALL-DEFAULT): "
                    + "name the launcher on ./vqf's command line (--launcher spark), or pass the options of "
                    + "org.apache.spark.launcher.JavaModuleOptions");
        }
        TrialCluster cluster = withSparkLoader(loader, () -> {
            try {
                return (TrialCluster) Class.forName(CLUSTER_CLASS, true, loader)
                        .getConstructor(Map.class, int.class, long.class)
                        .newInstance(settings.sparkConf(), settings.cpusPerTrial(), settings.executorWaitSeconds() * 1000L);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException bad) {
                    throw bad;
                }
                throw new IllegalStateException("Spark failed to start: " + e.getCause(), e.getCause());
            }
        });
        return new SparkTrialLauncher(settings, loader, cluster);
    }

    @Override
    public RunningTrial start(TrialRequest trial) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        // libtorch's OpenMP pool would otherwise size itself to every core of the executor's machine
        environment.put("OMP_NUM_THREADS", Integer.toString(trial.threads()));
        for (String passed : new String[] {"OPT_OUT_TRACKING", "DJL_OFFLINE"}) {
            String value = System.getenv(passed);
            if (value != null) {
                environment.put(passed, value);
            }
        }
        byte[] config = settings.sharedStudyDir() ? new byte[0] : Files.readAllBytes(trial.runDirectory().resolve("config.yaml"));
        TrialTask task = new TrialTask(trial.id(), java.commandLine(trial.arguments()), trial.runDirectory().toString(),
                settings.sharedStudyDir(), config, environment);
        TrialCluster.SubmittedTrial job = withSparkLoader(loader, () -> cluster.submit(task));
        return new SparkRunningTrial(trial, job, settings.master(), cluster.applicationId());
    }

    @Override
    public void close() {
        withSparkLoader(loader, () -> {
            cluster.close();
            return null;
        });
    }

    /** Runs {@code action} with Spark's loader as the context loader: Spark resolves classes through it. */
    private static <T> T withSparkLoader(ClassLoader loader, Callable<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
