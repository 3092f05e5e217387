package org.vqforge.api.testkit;

import java.util.Map;
import java.util.ServiceLoader;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.plugin.Plugin;

/**
 * A real backend found as the runner finds it, through {@link ServiceLoader} by its plugin name,
 * for tests and benchmarks that need more than {@link TestBackend} (a backward pass that records
 * its own graph, the backend's own nearest-code search).
 */
public final class DiscoveredBackend {

    private DiscoveredBackend() {}

    /**
     * The backend provider named {@code name} on the class path, created with {@code params}
     * over its defaults.
     *
     * @throws IllegalStateException when no provider of that name is on the class path
     */
    public static Backend create(String name, Map<String, ?> params) {
        for (ServiceLoader.Provider<BackendProvider> p : ServiceLoader.load(BackendProvider.class).stream().toList()) {
            Plugin plugin = p.type().getAnnotation(Plugin.class);
            if (plugin != null && plugin.name().equals(name)) {
                BackendProvider provider = p.get();
                return provider.create(provider.schema().with(params));
            }
        }
        throw new IllegalStateException("no '" + name + "' backend on the class path");
    }
}
