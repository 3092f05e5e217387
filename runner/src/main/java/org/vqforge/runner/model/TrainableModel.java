package org.vqforge.runner.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** What a checkpoint saves and an optimiser updates: a model of any type (a tokenizer, a prior). */
public interface TrainableModel {

    /** The manager that owns the model's arrays; per-step managers are its children. */
    NDManager manager();

    /** The parameters an optimiser updates, by unique name. */
    Map<String, Parameter> trainableParameters();

    /** Writes the parameters (and any other state) into the checkpoint directory {@code dir}. */
    void save(Path dir) throws IOException;

    /** Restores what {@link #save} wrote; the trainable arrays collect gradients again after it. */
    void load(Path dir) throws IOException;
}
