package org.vqforge.backends.pytorch;

import org.vqforge.api.plugin.Plugin;

/** Backend {@code cpu}. */
@Plugin(name = "cpu", description = "Runs on the CPU through DJL's PyTorch engine.")
public final class CpuBackendProvider extends PyTorchBackendProvider {

    public CpuBackendProvider() {
        super("cpu", DeviceChoice.CPU);
    }
}
