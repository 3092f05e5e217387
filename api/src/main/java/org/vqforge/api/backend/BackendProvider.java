package org.vqforge.api.backend;

import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginProvider;

/** Extension point for compute backends. Config key: {@code backend.type}. */
public interface BackendProvider extends PluginProvider {

    /** Whether this backend can run on this machine. May start the engine, but builds no model. */
    Availability availability();

    /**
     * Starts the backend with its parameters (threads, device index, ...).
     *
     * @throws BackendUnavailableException when {@link #availability()} says no
     */
    Backend create(Parameters params);
}
