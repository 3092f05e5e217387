package org.vqforge.runner.model;

import ai.djl.ndarray.NDArray;
import org.vqforge.api.quantizer.QuantizerOutput;

/**
 * One forward pass.
 *
 * @param latents the encoder output, before quantization
 * @param quantizer what the quantizer returned
 * @param reconstruction the decoder output
 */
public record ModelOutput(NDArray latents, QuantizerOutput quantizer, NDArray reconstruction) {}
