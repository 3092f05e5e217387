package org.vqforge.runner.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.vqforge.api.backend.Backend;

/**
 * Hands a network its float32 parameters in the compute type (bfloat16 for mixed precision), cast
 * afresh for each forward pass. The cast is differentiable, so the gradients land in float32 on
 * the master weights, where the optimiser reads them; the casts belong to the pass's manager.
 */
final class ComputeStore extends ParameterStore {

    private final Backend backend;
    private final NDManager pass;

    /**
     * @param parameters the manager the parameters live on
     * @param backend what casts to the compute type
     * @param pass the manager of this forward pass, which owns the casts
     */
    ComputeStore(NDManager parameters, Backend backend, NDManager pass) {
        super(parameters, false);
        this.backend = backend;
        this.pass = pass;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        NDArray value = super.getValue(parameter, device, training);
        if (value == null || value.getDataType() != DataType.FLOAT32) {
            return value;
        }
        NDArray cast = backend.toComputeType(value);
        cast.attach(pass);
        return cast;
    }
}
