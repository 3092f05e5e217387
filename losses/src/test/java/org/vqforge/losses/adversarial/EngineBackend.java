package org.vqforge.losses.adversarial;

import java.util.Map;
import java.util.ServiceLoader;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.plugin.Plugin;

/**
 * The real {@code cpu} backend, found as the runner finds it: the api's test backend cannot run a
 * backward pass that records its own graph, which the gradient penalty needs.
 */
final class EngineBackend {

    private EngineBackend() {}

    static Backend cpu() {
        for (ServiceLoader.Provider<BackendProvider> p : ServiceLoader.load(BackendProvider.class).stream().toList()) {
            Plugin plugin = p.type().getAnnotation(Plugin.class);
            if (plugin != null && plugin.name().equals("cpu")) {
                BackendProvider provider = p.get();
                return provider.create(provider.schema().with(Map.of("threads", 1)));
            }
        }
        throw new IllegalStateException("no 'cpu' backend on the test class path");
    }
}
