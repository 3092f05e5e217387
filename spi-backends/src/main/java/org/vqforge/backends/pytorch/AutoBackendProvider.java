package org.vqforge.backends.pytorch;

import org.vqforge.api.plugin.Plugin;

/** Backend {@code auto}. */
@Plugin(name = "auto", description = "Runs on the first GPU when there is one, otherwise on the CPU.")
public final class AutoBackendProvider extends PyTorchBackendProvider {

    public AutoBackendProvider() {
        super("auto", DeviceChoice.AUTO);
    }
}
