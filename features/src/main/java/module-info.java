/**
 * The feature network: a small image classifier whose embedding the Fréchet distance and the
 * perceptual loss read, and its file format. Not an extension point, so it lives beside the api
 * rather than in it; it depends on DJL's api and the JDK only.
 */
module org.vqforge.features {
    requires transitive ai.djl.api;

    exports org.vqforge.features;
}
