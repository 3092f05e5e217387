package org.vqforge.runner.model;

import ai.djl.MalformedModelException;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.vqforge.api.plugin.ModelShapes;

/**
 * A vqgan's discriminator: images to real/fake logits. Its parameters live on the model's manager
 * and are addressed as "discriminator/name"; it is saved beside the generator's parts.
 */
public final class Discriminator {

    /** The file a checkpoint holds its parameters in. */
    public static final String FILE = "discriminator.params";

    private final NDManager manager;
    private final Block network;
    private final ParameterStore store;

    /** Initialises {@code network} for images of {@code shapes}; the engine must already be seeded. */
    public Discriminator(NDManager manager, ModelShapes shapes, Block network) {
        this.manager = manager;
        this.network = network;
        network.initialize(manager, DataType.FLOAT32,
                new Shape(1, shapes.imageChannels(), shapes.imageHeight(), shapes.imageWidth()));
        this.store = new ParameterStore(manager, false);
    }

    /** The logits of a batch of images (B, C, H, W): one per image, or a map of patch logits. */
    public NDArray logits(NDArray images, boolean training) {
        return network.forward(store, new NDList(images), training).singletonOrThrow();
    }

    /** The network itself (for losses that constrain its weights). */
    public Block block() {
        return network;
    }

    /** The parameters an optimiser updates, by "discriminator/name" path. */
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.put("discriminator/" + p.getKey(), p.getValue());
            }
        }
        return trainable;
    }

    /** Writes the parameters to {@code dir/discriminator.params}. */
    public void save(Path dir) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(FILE))))) {
            network.saveParameters(out);
        }
    }

    /** Restores what {@link #save} wrote. */
    public void load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            network.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException(file + ": does not match this discriminator (" + e.getMessage() + ")", e);
        }
        for (Parameter p : trainableParameters().values()) {
            p.getArray().setRequiresGradient(true);
        }
    }
}
