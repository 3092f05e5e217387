package org.vqforge.api.backend;

import ai.djl.ndarray.types.DataType;

/**
 * The number format a backend's networks compute in. Parameters, optimiser state, the
 * quantizer, the losses and the metrics stay in float32 whatever it is; only convolutions,
 * matrix products and the activations between them take the compute type.
 */
public enum Precision {
    /** Everything in float32. */
    FP32(DataType.FLOAT32),
    /** Networks in bfloat16 (float32's range, 8 bits of mantissa), from float32 master weights. */
    BF16(DataType.BFLOAT16);

    private final DataType computeType;

    Precision(DataType computeType) {
        this.computeType = computeType;
    }

    /** The data type networks compute in. */
    public DataType computeType() {
        return computeType;
    }

    /** The config name: {@code fp32} or {@code bf16}. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
