package org.vqforge.runner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.Precision;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;

/**
 * Encoder, quantizer and decoder, initialised on one manager that lives as long as the model.
 * Parameters are addressed by "part/name" paths, which is how checkpoints and the optimiser key
 * them.
 */
public final class VqModel implements TrainableModel, AutoCloseable {

    private final NDManager manager;
    private final Map<String, Block> parts = new LinkedHashMap<>();
    private final Quantizer quantizer;
    private final ParameterStore store;
    private final Shape latentShape;
    private final Backend backend;

    /**
     * Initialises the three networks for images of {@code shapes}; the engine must already be
     * seeded, since initialisation draws random numbers. Computes in float32.
     */
    public VqModel(NDManager manager, ModelShapes shapes, Block encoder, Quantizer quantizer, Block decoder) {
        this(manager, shapes, encoder, quantizer, decoder, null);
    }

    /**
     * As {@link #VqModel(NDManager, ModelShapes, Block, Quantizer, Block)}, with the encoder and
     * decoder computing in the backend's precision (parameters stay float32; the quantizer and
     * everything after the decoder see float32); null computes in float32.
     */
    public VqModel(NDManager manager, ModelShapes shapes, Block encoder, Quantizer quantizer, Block decoder,
            Backend backend) {
        this.manager = manager;
        this.backend = backend;
        this.quantizer = quantizer;
        parts.put("encoder", encoder);
        parts.put("quantizer", quantizer);
        parts.put("decoder", decoder);
        Shape imageShape = new Shape(1, shapes.imageChannels(), shapes.imageHeight(), shapes.imageWidth());
        encoder.initialize(manager, DataType.FLOAT32, imageShape);
        this.latentShape = encoder.getOutputShapes(new Shape[] {imageShape})[0];
        if (latentShape.get(1) != shapes.latentChannels()) {
            throw new IllegalStateException("the encoder outputs " + latentShape.get(1)
                    + " channels but model.latentChannels is " + shapes.latentChannels());
        }
        quantizer.initialize(manager, DataType.FLOAT32, latentShape);
        decoder.initialize(manager, DataType.FLOAT32, latentShape);
        this.store = new ParameterStore(manager, false);
    }

    /** Encodes, quantizes and decodes a batch (B, C, H, W). */
    public ModelOutput forward(NDArray images, StepInfo step) {
        NDArray latents = encode(images, step.training());
        QuantizerOutput q = quantizer.quantize(latents, step);
        NDArray reconstruction = decode(q.quantized(), step.training());
        return new ModelOutput(latents, q, reconstruction);
    }

    /** The encoder alone. */
    public NDArray encode(NDArray images, boolean training) {
        return network("encoder", images, training);
    }

    /** The decoder alone, from (quantized) latents. */
    public NDArray decode(NDArray latents, boolean training) {
        return network("decoder", latents, training);
    }

    /** The encoder's or decoder's block ({@code encoder}, {@code decoder}), e.g. to count its operations. */
    public Block network(String part) {
        if (!part.equals("encoder") && !part.equals("decoder")) {
            throw new IllegalArgumentException("no network '" + part + "' (encoder or decoder)");
        }
        return parts.get(part);
    }

    /** What the encoder and decoder compute in. */
    public Precision precision() {
        return backend == null ? Precision.FP32 : backend.precision();
    }

    /**
     * One network's forward pass. Its input goes to the backend's compute type and layout; in mixed
     * precision so do its float32 parameters; its output comes back as float32 (casts that the
     * gradient passes through).
     */
    private NDArray network(String part, NDArray input, boolean training) {
        Block block = parts.get(part);
        if (backend == null) {
            return block.forward(store, new NDList(input), training).singletonOrThrow();
        }
        ParameterStore parameters = precision() == Precision.FP32 ? store
                : new ComputeStore(manager, backend, input.getManager());
        NDArray output = block.forward(parameters, new NDList(backend.toComputeType(input)), training)
                .singletonOrThrow();
        return backend.toFloat32(output);
    }

    /** The manager the parameters live on; per-step managers are its children. */
    @Override
    public NDManager manager() {
        return manager;
    }

    /** The quantizer. */
    public Quantizer quantizer() {
        return quantizer;
    }

    /** Latent shape for a batch of one. */
    public Shape latentShape() {
        return latentShape;
    }

    /** Every parameter by "part/name" path, in a stable order. */
    public Map<String, Parameter> parameters() {
        Map<String, Parameter> all = new LinkedHashMap<>();
        for (Map.Entry<String, Block> part : parts.entrySet()) {
            for (Pair<String, Parameter> p : part.getValue().getParameters()) {
                all.put(part.getKey() + "/" + p.getKey(), p.getValue());
            }
        }
        return all;
    }

    /** The parameters an optimiser updates (those that require gradients). */
    @Override
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        parameters().forEach((k, p) -> {
            if (p.requiresGradient()) {
                trainable.put(k, p);
            }
        });
        return trainable;
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : trainableParameters().values()) {
            n += p.getArray().size();
        }
        return n;
    }

    /** The decoder's output layer weight: its last parameter named {@code weight}. */
    public Parameter decoderOutputWeight() {
        Parameter last = null;
        for (Pair<String, Parameter> p : parts.get("decoder").getParameters()) {
            if (p.getKey().endsWith("weight")) {
                last = p.getValue();
            }
        }
        if (last == null) {
            throw new IllegalStateException("the decoder has no weight parameter");
        }
        return last;
    }

    /** Writes each part's parameters (and quantizer state) to {@code dir/PART.params}. */
    @Override
    public void save(Path dir) throws IOException {
        for (Map.Entry<String, Block> part : parts.entrySet()) {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(dir.resolve(part.getKey() + ".params"))))) {
                part.getValue().saveParameters(out);
            }
        }
    }

    /** Restores what {@link #save} wrote. */
    @Override
    public void load(Path dir) throws IOException {
        for (Map.Entry<String, Block> part : parts.entrySet()) {
            Path file = dir.resolve(part.getKey() + ".params");
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                part.getValue().loadParameters(manager, in);
            } catch (ai.djl.MalformedModelException e) {
                throw new IOException(file + ": does not match this model (" + e.getMessage() + ")", e);
            }
        }
        // loading replaces the arrays; make the trainable ones collect gradients again
        for (Parameter p : trainableParameters().values()) {
            p.getArray().setRequiresGradient(true);
        }
    }

    /** Names of the parts, in order. */
    public List<String> partNames() {
        return new ArrayList<>(parts.keySet());
    }

    @Override
    public void close() {
        manager.close();
    }
}
