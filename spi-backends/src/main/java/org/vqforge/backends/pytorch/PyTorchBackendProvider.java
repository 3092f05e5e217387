package org.vqforge.backends.pytorch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.List;
import java.util.Optional;
import org.vqforge.api.backend.Availability;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.backend.BackendUnavailableException;
import org.vqforge.api.backend.NearestCodeSearch;
import org.vqforge.api.backend.Precision;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.backends.search.VectorSearch;

/** The shared part of the three PyTorch backends; they differ only in their {@link DeviceChoice}. */
abstract class PyTorchBackendProvider implements BackendProvider {

    static final String ENGINE = "PyTorch";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer("threads", 0, 0, 1024, "intra-op threads; 0 = every available core")
            .integer("device", 0, 0, 64, "GPU index, for gpu and auto")
            .choice("search", "auto", List.of("auto", "engine", "vector"),
                    "nearest-code search: vector = fused CPU kernel in Java's vector API (needs 512-bit vectors),"
                            + " engine = matrix product and argmax, auto = vector on a CPU that has it")
            .choice("precision", "fp32", PrecisionChoice.CHOICES,
                    "what the networks compute in: fp32, bf16 (convolutions and matrix products in bfloat16 from"
                            + " float32 master weights; quantizer, losses, metrics and optimiser in float32), auto ="
                            + " bf16 on a CPU with " + PrecisionChoice.BF16_FLAG + ", else fp32")
            .build();

    private final String name;
    private final DeviceChoice choice;

    PyTorchBackendProvider(String name, DeviceChoice choice) {
        this.name = name;
        this.choice = choice;
    }

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public Availability availability() {
        return choice.availability(engine().getGpuCount(), cores());
    }

    @Override
    public Backend create(Parameters params) {
        Engine engine = engine();
        int gpus = engine.getGpuCount();
        Availability availability = choice.availability(gpus, cores());
        if (!availability.available()) {
            throw new BackendUnavailableException("backend '" + name + "' is not available: " + availability.detail());
        }
        Device device = choice.device(gpus, params.getInt("device"));
        int threads = DeviceChoice.threads(params.getInt("threads"), cores());
        Precision precision = PrecisionChoice.resolve(params.getString("precision"), device.isGpu(),
                device.isGpu() ? java.util.Set.of() : PrecisionChoice.cpuFlags());
        return new PyTorchBackend(name, engine, device, threads, precision,
                search(params.getString("search"), device, threads));
    }

    /** The fused search where it was asked for or, for auto, where it can run. */
    static Optional<NearestCodeSearch> search(String choice, Device device, int threads) {
        if (choice.equals("engine")) {
            return Optional.empty();
        }
        Optional<String> unavailable = device.isGpu()
                ? Optional.of("it runs on the CPU and this backend's device is " + device)
                : VectorSearch.unavailableReason();
        if (unavailable.isPresent()) {
            if (choice.equals("vector")) {
                throw new BackendUnavailableException("search 'vector' is not available: " + unavailable.get()
                        + "; use search 'engine' or 'auto'");
            }
            return Optional.empty();
        }
        return Optional.of(VectorSearch.create(threads));
    }

    private static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
