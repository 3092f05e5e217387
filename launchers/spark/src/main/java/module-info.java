/**
 * The {@code spark} trial launcher: each trial of a study is one Apache Spark task, on
 * {@code local[N]} or a cluster. Depends on the api only: Spark never sits on the module path. Its
 * jars are loaded in a class loader of their own, with this module's {@code driver} package, only
 * when a study asks for this launcher; the {@code task} package (JDK types only) is the one both
 * sides share.
 */
module org.vqforge.launchers.spark {
    requires org.vqforge.api;

    exports org.vqforge.launchers.spark.task;

    provides org.vqforge.api.launcher.TrialLauncherProvider
        with org.vqforge.launchers.spark.SparkTrialLauncherProvider;
}
