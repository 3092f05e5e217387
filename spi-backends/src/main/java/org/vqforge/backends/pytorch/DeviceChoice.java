package org.vqforge.backends.pytorch;

import ai.djl.Device;
import org.vqforge.api.backend.Availability;

/**
 * The pure part of backend selection, kept apart from the engine so it is tested without a GPU.
 */
enum DeviceChoice {
    CPU,
    GPU,
    /** The first GPU when there is one, otherwise the CPU. */
    AUTO;

    /** Whether this choice can run with {@code gpuCount} visible GPUs. */
    Availability availability(int gpuCount, int cores) {
        switch (this) {
            case GPU:
                return gpuCount > 0
                        ? Availability.yes(gpuCount + " CUDA device(s) visible to PyTorch")
                        : Availability.no("no CUDA device visible to PyTorch (the CPU build of libtorch is "
                                + "on the class path, or no GPU/driver); use backend.type=cpu, or see the "
                                + "README section 'GPU' for the CUDA build");
            case AUTO:
                return Availability.yes(gpuCount > 0 ? "will use gpu(0)" : "no GPU, will use the CPU ("
                        + cores + " cores)");
            default:
                return Availability.yes(cores + " CPU cores");
        }
    }

    /** The device to run on; only call when {@link #availability} says yes. */
    Device device(int gpuCount, int deviceIndex) {
        switch (this) {
            case GPU:
                if (deviceIndex >= gpuCount) {
                    throw new IllegalArgumentException("backend.device=" + deviceIndex + " but only "
                            + gpuCount + " GPU(s) are visible (allowed: 0.." + (gpuCount - 1) + ")");
                }
                return Device.gpu(deviceIndex);
            case AUTO:
                return gpuCount > 0 ? Device.gpu(Math.min(deviceIndex, gpuCount - 1)) : Device.cpu();
            default:
                return Device.cpu();
        }
    }

    /** Threads to use: the configured number, or every core when 0. */
    static int threads(int configured, int cores) {
        return configured > 0 ? configured : Math.max(1, cores);
    }
}
