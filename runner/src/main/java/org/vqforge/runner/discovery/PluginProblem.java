package org.vqforge.runner.discovery;

/**
 * A provider that could not be used: its class did not load, it has no or a bad {@link
 * org.vqforge.api.plugin.Plugin} annotation, or its constructor threw. The other plugins still work.
 *
 * @param point the extension point, e.g. {@code quantizer}
 * @param provider the provider class name as far as it is known
 * @param source the jar or directory it came from, or {@code unknown}
 * @param message what went wrong
 */
public record PluginProblem(String point, String provider, String source, String message) {

    @Override
    public String toString() {
        return point + " provider " + provider + " (from " + source + "): " + message;
    }
}
