package org.vqforge.backends.pytorch;

import ai.djl.engine.Engine;
import org.vqforge.api.backend.Availability;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.backend.BackendUnavailableException;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;

/** The shared part of the three PyTorch backends; they differ only in their {@link DeviceChoice}. */
abstract class PyTorchBackendProvider implements BackendProvider {

    static final String ENGINE = "PyTorch";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer("threads", 0, 0, 1024, "intra-op threads; 0 = every available core")
            .integer("device", 0, 0, 64, "GPU index, for gpu and auto")
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
        return new PyTorchBackend(name, engine, choice.device(gpus, params.getInt("device")),
                DeviceChoice.threads(params.getInt("threads"), cores()));
    }

    private static Engine engine() {
        return Engine.getEngine(ENGINE);
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
