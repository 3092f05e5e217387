/**
 * The vqforge extension points. Depends on DJL's api and the JDK only: every backend,
 * quantizer, architecture, prior and loss is a provider of one of the interfaces here, found
 * through {@link java.util.ServiceLoader}.
 */
module org.vqforge.api {
    requires transitive ai.djl.api;

    exports org.vqforge.api.plugin;
    exports org.vqforge.api.backend;
    exports org.vqforge.api.quantizer;
    exports org.vqforge.api.architecture;
    exports org.vqforge.api.loss;
    exports org.vqforge.api.prior;
    exports org.vqforge.api.launcher;
}
