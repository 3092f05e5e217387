package org.vqforge.features;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small convolutional network whose activations serve as image features: for a perceptual
 * (LPIPS-style) loss through {@link #layerFeatures}, for a Fréchet distance through {@link
 * #embedding}. Its layers are described by a {@link FeatureNetworkSpec}; its file format by the
 * package documentation.
 *
 * <p>A network from {@link #create} is trainable (its {@link #block()} returns class logits, so it
 * can be trained as a classifier); one from {@link #load} is frozen: its parameters never require
 * gradients, while gradients still flow through it to the images it reads.
 *
 * <p>The parameters live in a manager of their own, closed by {@link #close()}. Activations are
 * computed on the images' manager.
 */
public final class FeatureNetwork implements AutoCloseable {

    private static final String UNSAVED = "feature network (not loaded from a file)";

    private final FeatureNetworkSpec spec;
    private final Path file;
    private final NDManager manager;
    private final SequentialBlock block;
    private final List<Block> stages;
    private final ParameterStore store;

    private FeatureNetwork(FeatureNetworkSpec spec, Path file, NDManager manager, SequentialBlock block, List<Block> stages) {
        this.spec = spec;
        this.file = file;
        this.manager = manager;
        this.block = block;
        this.stages = stages;
        this.store = new ParameterStore(manager, false);
    }

    /**
     * A new network with freshly initialised, trainable parameters (He-normal weights, zero
     * biases), drawn from the engine's random number generator.
     *
     * @param manager the parent of the manager that will hold the parameters
     */
    public static FeatureNetwork create(FeatureNetworkSpec spec, NDManager manager) {
        NDManager own = manager.newSubManager();
        try {
            List<Block> stages = new ArrayList<>();
            SequentialBlock block = build(spec, stages);
            block.initialize(own, DataType.FLOAT32, inputShape(spec));
            return new FeatureNetwork(spec, null, own, block, stages);
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * Reads a network written by {@link #writeTo}. Its parameters are frozen.
     *
     * @param manager the parent of the manager that will hold the parameters
     * @throws FeatureNetworkException naming the file when it is missing, not a feature network,
     *     of another format version, truncated, or holds parameters that do not fit its spec
     */
    public static FeatureNetwork load(Path file, NDManager manager) {
        String source = "feature network file " + file;
        if (Files.isDirectory(file)) {
            throw new FeatureNetworkException(source + " is a directory, not a file");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            FeatureNetworkSpec spec = FeatureNetworkFormat.readHeader(in, source);
            NDManager own = manager.newSubManager();
            try {
                List<Block> stages = new ArrayList<>();
                SequentialBlock block = build(spec, stages);
                // initialising first fixes the shapes the spec implies, to check the file against
                block.initialize(own, DataType.FLOAT32, inputShape(spec));
                loadParameters(block, own, in, source);
                if (in.read() != -1) {
                    throw new FeatureNetworkException(source + " has bytes after the parameters its spec " + spec
                            + " describes: it was not written for this spec");
                }
                block.freezeParameters(true);
                return new FeatureNetwork(spec, file, own, block, stages);
            } catch (RuntimeException | IOException e) {
                own.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new FeatureNetworkException(source + " does not exist", e);
        } catch (EOFException e) {
            throw new FeatureNetworkException(source + " is truncated: it ends before all its parameters", e);
        } catch (IOException e) {
            throw new FeatureNetworkException(source + " cannot be read: " + e, e);
        }
    }

    /**
     * Writes the network in the file format (header, then DJL's parameter stream) to {@code out}.
     * Files are the caller's: the runner writes them atomically, so a reader never sees half a file.
     */
    public void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        FeatureNetworkFormat.writeHeader(data, spec);
        block.saveParameters(data);
        data.flush();
    }

    /** The layers. */
    public FeatureNetworkSpec spec() {
        return spec;
    }

    /** The file it was loaded from; empty for a network from {@link #create}. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * The whole network as one block: images (B, C, S, S) to class logits (B, classes), or to the
     * {@link #embedding} when the spec has no classifier. For training it as a classifier.
     */
    public Block block() {
        return block;
    }

    /**
     * The activations after each stage's ReLU, {@code (B, stageChannels[l], S_l, S_l)} with {@code
     * S_l = floor(imageSize / 2^l)}, differentiable with respect to {@code images}.
     *
     * @param images (B, inputChannels, imageSize, imageSize)
     * @throws FeatureNetworkException naming the network and both shapes when the images do not
     *     fit the spec
     */
    public List<NDArray> layerFeatures(NDArray images) {
        checkImages(images);
        List<NDArray> features = new ArrayList<>(stages.size());
        NDArray x = images;
        for (Block stage : stages) {
            x = stage.forward(store, new NDList(x), false).singletonOrThrow();
            features.add(x);
        }
        return features;
    }

    /**
     * The global average of the last stage's activations over positions, (B, embeddingSize):
     * the statistics a Fréchet distance compares.
     */
    public NDArray embedding(NDArray images) {
        List<NDArray> features = layerFeatures(images);
        NDArray last = features.get(features.size() - 1);
        Shape shape = last.getShape();
        // the engine averages over one axis at a time: flatten the positions into one
        return last.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
    }

    /** Frees the parameters. */
    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return describe() + " " + spec;
    }

    private String describe() {
        return file == null ? UNSAVED : "feature network file " + file;
    }

    private void checkImages(NDArray images) {
        Shape shape = images.getShape();
        int size = spec.imageSize();
        if (shape.dimension() != 4 || shape.get(1) != spec.inputChannels() || shape.get(2) != size
                || shape.get(3) != size) {
            throw new FeatureNetworkException(describe() + " reads images of shape (B, " + spec.inputChannels()
                    + ", " + size + ", " + size + "); got " + shape);
        }
    }

    private static Shape inputShape(FeatureNetworkSpec spec) {
        return new Shape(1, spec.inputChannels(), spec.imageSize(), spec.imageSize());
    }

    /** The block of {@code spec}; its stages are also collected in {@code stages}. */
    private static SequentialBlock build(FeatureNetworkSpec spec, List<Block> stages) {
        SequentialBlock network = new SequentialBlock();
        for (int l = 0; l < spec.stages(); l++) {
            SequentialBlock stage = new SequentialBlock();
            if (l > 0) {
                stage.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            stage.add(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .setFilters(spec.stageChannels().get(l))
                    .build());
            stage.add(Activation.reluBlock());
            stages.add(stage);
            network.add(stage);
        }
        SequentialBlock head = new SequentialBlock();
        head.add(Pool.globalAvgPool2dBlock());
        if (spec.hasClassifier()) {
            head.add(Linear.builder().setUnits(spec.classes()).build());
        }
        network.add(head);
        // He initialisation suits ReLU stages
        network.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                XavierInitializer.FactorType.IN, 2f), Parameter.Type.WEIGHT);
        return network;
    }

    /**
     * Reads DJL's parameter stream into an initialised block, checking that every parameter is
     * present with the shape the spec implies. DJL's own loading checks neither.
     */
    private static void loadParameters(SequentialBlock block, NDManager manager, DataInputStream in, String source)
            throws IOException {
        Map<String, Parameter> parameters = new LinkedHashMap<>();
        Map<Parameter, NDArray> initial = new IdentityHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            parameters.put(p.getKey(), p.getValue());
            initial.put(p.getValue(), p.getValue().getArray());
        }
        try {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new FeatureNetworkException(source + " holds parameters that do not fit its spec: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            Parameter parameter = entry.getValue();
            NDArray before = initial.get(parameter);
            NDArray loaded = parameter.getArray();
            if (loaded == before) {
                throw new FeatureNetworkException(source + " holds no value for parameter " + entry.getKey());
            }
            if (!loaded.getShape().equals(before.getShape())) {
                throw new FeatureNetworkException(source + " holds parameter " + entry.getKey() + " of shape "
                        + loaded.getShape() + " where its spec implies " + before.getShape()
                        + ": the parameters were not written for this spec");
            }
            before.close();
        }
    }
}
