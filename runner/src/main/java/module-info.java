/**
 * The {@code vqf} command. Finds every plugin through {@link java.util.ServiceLoader} (it names no
 * plugin class), validates experiment configs against their schemas, wires the run with Guice and
 * trains on DJL.
 */
module org.vqforge.runner {
    requires transitive org.vqforge.api;
    requires org.vqforge.features;
    requires com.google.guice;
    requires jakarta.inject;
    requires org.apache.commons.configuration2;
    requires org.apache.commons.text;
    requires org.yaml.snakeyaml;
    requires info.picocli;
    requires me.tongfei.progressbar;
    requires com.google.gson;
    requires java.desktop;
    requires org.jfree.jfreechart;
    requires org.apache.commons.csv;
    // EJML's jars have no module name of their own: these are the names derived from the file names
    requires ejml.core;
    requires ejml.ddense;

    uses org.vqforge.api.backend.BackendProvider;
    uses org.vqforge.api.quantizer.QuantizerProvider;
    uses org.vqforge.api.architecture.ArchitectureProvider;
    uses org.vqforge.api.prior.PriorProvider;
    uses org.vqforge.api.loss.LossProvider;
    uses org.vqforge.api.launcher.TrialLauncherProvider;

    provides org.vqforge.api.launcher.TrialLauncherProvider
        with org.vqforge.runner.study.launch.LocalTrialLauncherProvider;

    // picocli and Guice reflect over the command and module classes; Gson over records
    opens org.vqforge.runner.cli to info.picocli, com.google.guice;
    opens org.vqforge.runner.wiring to com.google.guice;
    opens org.vqforge.runner.recipe to com.google.guice;
    opens org.vqforge.runner.prior to com.google.guice;
    opens org.vqforge.runner.train to com.google.guice, com.google.gson;
    opens org.vqforge.runner.eval to com.google.gson;
    opens org.vqforge.runner.bench to com.google.gson, info.picocli;
    opens org.vqforge.runner.study to com.google.gson;
    opens org.vqforge.runner.provenance to com.google.guice;

    exports org.vqforge.runner.discovery;
    exports org.vqforge.runner.config;
    exports org.vqforge.runner.embed;
    exports org.vqforge.runner.tokens;
    opens org.vqforge.runner.tokens to com.google.gson;
}
