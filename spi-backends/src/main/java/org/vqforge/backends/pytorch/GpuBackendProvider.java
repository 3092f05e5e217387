package org.vqforge.backends.pytorch;

import org.vqforge.api.plugin.Plugin;

/** Backend {@code gpu}. */
@Plugin(name = "gpu", description = "Runs on a CUDA GPU through DJL's PyTorch engine; an error where there is none.")
public final class GpuBackendProvider extends PyTorchBackendProvider {

    public GpuBackendProvider() {
        super("gpu", DeviceChoice.GPU);
    }
}
