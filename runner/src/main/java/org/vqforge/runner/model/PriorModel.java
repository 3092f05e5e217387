package org.vqforge.runner.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import org.vqforge.api.prior.Generation;
import org.vqforge.api.prior.Prior;
import org.vqforge.api.prior.TokenLayout;

/** A stage-2 prior plugin, initialised on its own manager, as a run trains, saves and samples it. */
public final class PriorModel implements TrainableModel, AutoCloseable {

    /** The checkpoint file of its parameters. */
    public static final String FILE = "prior.params";

    private final NDManager manager;
    private final Prior prior;
    private final ParameterStore store;

    /** Initialises {@code prior} on {@code manager}, which the model then owns. */
    public PriorModel(NDManager manager, Prior prior) {
        this.manager = manager;
        this.prior = prior;
        prior.initialize(manager, DataType.FLOAT32, new Shape(1, prior.layout().length()));
        this.store = new ParameterStore(manager, false);
    }

    public TokenLayout layout() {
        return prior.layout();
    }

    /**
     * Teacher-forced logits (B, L, codebookSize) in float32. Priors compute in float32 whatever
     * {@code backend.precision} says (the prior plugins refuse other compute types).
     *
     * @param classes (B) classes, {@code layout().noClass()} for none; null for an unconditional prior
     */
    public NDArray logits(NDArray tokens, NDArray classes, boolean training) {
        return prior.logits(store, tokens, classes, training);
    }

    /** Starts sampling: with the prior's cache ({@code cached}), or recomputing every prefix. */
    public Generation start(NDArray classes, NDManager owner, boolean cached) {
        return cached ? prior.start(store, classes, owner) : prior.startUncached(store, classes, owner);
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : prior.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.put(p.getKey(), p.getValue());
            }
        }
        return trainable;
    }

    /** Trainable weights, counted. */
    public long parameterCount() {
        return trainableParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    @Override
    public void save(Path dir) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                Files.newOutputStream(dir.resolve(FILE))))) {
            prior.saveParameters(out);
        }
    }

    @Override
    public void load(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            prior.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException e) {
            throw new IOException(file + ": does not match this prior (" + e.getMessage() + ")", e);
        }
        for (Parameter p : trainableParameters().values()) {
            p.getArray().setRequiresGradient(true);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
