package org.vqforge.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.vqforge.features.reference.NetworkFiles;
import org.vqforge.features.reference.ReferenceFeatures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBackend;

class FeatureNetworkTest {

    /** 1 channel, 7x7 images: stages at 7, 3 and 1 pixels square, 4 classes. */
    private static final FeatureNetworkSpec SPEC = new FeatureNetworkSpec(1, 7, List.of(3, 4, 2), 4);

    @TempDir
    Path dir;

    private TestBackend backend;
    private NDManager manager;

    @BeforeEach
    void open() {
        backend = new TestBackend();
        backend.seed(11);
        manager = backend.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray images(int batch, FeatureNetworkSpec spec) {
        int size = spec.imageSize();
        return manager.randomUniform(0, 1, new Shape(batch, spec.inputChannels(), size, size));
    }

    private static NDArray logits(FeatureNetwork network, NDArray images) {
        return network.block().forward(new ParameterStore(images.getManager(), false), new NDList(images), false)
                .singletonOrThrow();
    }

    @Test
    void stagesAreConvolutionsWithReluAndPoolingAsAPlainJavaForwardPass() {
        try (FeatureNetwork network = FeatureNetwork.create(SPEC, manager)) {
            NDArray x = images(2, SPEC);
            List<NDArray> features = network.layerFeatures(x);
            assertEquals(3, features.size());
            assertShape(features.get(0), 2, 3, 7, 7);
            assertShape(features.get(1), 2, 4, 3, 3);
            assertShape(features.get(2), 2, 2, 1, 1);
            ReferenceFeatures reference = new ReferenceFeatures(network);
            for (int b = 0; b < 2; b++) {
                List<float[][][]> expected = reference.forward(ReferenceFeatures.image(x, b));
                for (int l = 0; l < 3; l++) {
                    assertClose(flatten(expected.get(l)), features.get(l).get(b).toFloatArray(), 1e-5,
                            "stage " + l + " of image " + b);
                }
            }
            // the embedding is the last stage's spatial mean; here the last stage is 1x1
            assertClose(features.get(2).reshape(2, 2).toFloatArray(), network.embedding(x), 1e-7, "embedding");
            assertShape(logits(network, x), 2, 4);
        }
    }

    @Test
    void embeddingAveragesTheLastStageOverPositions() {
        FeatureNetworkSpec spec = new FeatureNetworkSpec(2, 6, List.of(3), 0);
        try (FeatureNetwork network = FeatureNetwork.create(spec, manager)) {
            NDArray x = images(3, spec);
            float[] last = network.layerFeatures(x).get(0).toFloatArray();
            float[] expected = new float[3 * 3];
            for (int i = 0; i < last.length; i++) {
                expected[i / 36] += last[i] / 36;
            }
            assertClose(expected, network.embedding(x), 1e-6, "embedding");
            // no classifier: the block's output is the embedding
            assertClose(expected, logits(network, x), 1e-6, "block output without a head");
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs() throws IOException {
        Path file = dir.resolve("nested/net.vqff");
        try (FeatureNetwork original = FeatureNetwork.create(SPEC, manager)) {
            NetworkFiles.write(original, file);
            try (FeatureNetwork loaded = FeatureNetwork.load(file, manager)) {
                assertEquals(SPEC, loaded.spec());
                assertEquals(file, loaded.file().orElseThrow());
                NDArray x = images(3, SPEC);
                List<NDArray> a = original.layerFeatures(x);
                List<NDArray> b = loaded.layerFeatures(x);
                for (int l = 0; l < a.size(); l++) {
                    assertArrayEquals(a.get(l).toFloatArray(), b.get(l).toFloatArray(), "stage " + l);
                }
                assertArrayEquals(original.embedding(x).toFloatArray(), loaded.embedding(x).toFloatArray());
                assertArrayEquals(logits(original, x).toFloatArray(), logits(loaded, x).toFloatArray());
            }
        }
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "only the file, no temporary left behind");
        }
    }

    @Test
    void loadedParametersAreFrozenWhileTheImagesGetGradients() throws IOException {
        Path file = dir.resolve("net.vqff");
        try (FeatureNetwork trainable = FeatureNetwork.create(SPEC, manager)) {
            NetworkFiles.write(trainable, file);
            try (FeatureNetwork frozen = FeatureNetwork.load(file, manager)) {
                NDArray x = images(2, SPEC);
                x.setRequiresGradient(true);
                float[] throughFrozen = Tensors.gradients(() -> sumOfFeatures(frozen, x), x)[0];
                float[] throughTrainable = Tensors.gradients(() -> sumOfFeatures(trainable, x), x)[0];
                assertTrue(norm(throughFrozen) > 0, "the images get a gradient");
                assertArrayEquals(throughTrainable, throughFrozen, 1e-6f, "the same gradient as unfrozen");
                for (Pair<String, Parameter> p : frozen.block().getParameters()) {
                    PtNDArray array = (PtNDArray) p.getValue().getArray();
                    assertFalse(JniUtils.requiresGrad(array), p.getKey() + " requires a gradient");
                    assertEquals(null, JniUtils.getGradient(array), p.getKey() + " has a gradient");
                }
                // the contrast: the trainable network's weights did get gradients from the same loss
                Parameter first = trainable.block().getParameters().get(0).getValue();
                assertTrue(norm(first.getArray().getGradient().toFloatArray()) > 0);
            }
        }
    }

    private static NDArray sumOfFeatures(FeatureNetwork network, NDArray x) {
        NDArray total = null;
        for (NDArray f : network.layerFeatures(x)) {
            total = total == null ? f.sum() : total.add(f.sum());
        }
        return total;
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("absent.vqff");
        FeatureNetworkException e = assertThrows(FeatureNetworkException.class, () -> FeatureNetwork.load(file, manager));
        assertEquals("feature network file " + file + " does not exist", e.getMessage());
    }

    @Test
    void aFileWithoutTheMagicIsNotAFeatureNetwork() throws IOException {
        Path file = dir.resolve("model.params");
        Files.writeString(file, "this is some other file");
        assertMessage(file, "feature network file " + file + " is not a vqforge feature network: it does not start with 'VQFFEATN'");
        Files.write(file, new byte[] {'V', 'Q'});
        assertMessage(file, "feature network file " + file + " is not a vqforge feature network: it does not start with 'VQFFEATN'");
    }

    @Test
    void anotherFormatVersionIsRefused() throws IOException {
        byte[] bytes = saved(SPEC);
        ByteBuffer.wrap(bytes).putInt(8, 2);
        Path file = write("v2.vqff", bytes);
        assertMessage(file, "feature network file " + file + " has feature network format version 2; this vqforge reads version 1 only");
    }

    @Test
    void aDamagedHeaderIsRefused() throws IOException {
        byte[] bytes = saved(SPEC);
        ByteBuffer.wrap(bytes).putInt(20, 0); // the stage count
        Path file = write("stages.vqff", bytes);
        assertMessage(file, "feature network file " + file + " has a damaged header: 0 stages (allowed: 1 to 64)");
        bytes = saved(SPEC);
        ByteBuffer.wrap(bytes).putInt(16, 2); // imageSize 2 cannot hold three stages
        file = write("size.vqff", bytes);
        assertMessage(file, "feature network file " + file + " has a damaged header: imageSize 2 is too small for 3 stages:"
                + " the last stage would have no pixels (needs at least 4)");
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        byte[] bytes = saved(SPEC);
        Path file = write("short.vqff", Arrays.copyOf(bytes, bytes.length - 7));
        assertMessage(file, "feature network file " + file + " is truncated: it ends before all its parameters");
        file = write("header.vqff", Arrays.copyOf(bytes, 14));
        assertMessage(file, "feature network file " + file + " is truncated: it ends before all its parameters");
    }

    @Test
    void parametersOfAnotherSpecAreIncompatible() throws IOException {
        // the header of SPEC in front of the parameters of a network with wider first stage
        FeatureNetworkSpec wider = new FeatureNetworkSpec(1, 7, List.of(5, 4, 2), 4);
        byte[] other = saved(wider);
        int headerLength = header(wider).length;
        ByteArrayOutputStream mixed = new ByteArrayOutputStream();
        mixed.write(header(SPEC));
        mixed.write(other, headerLength, other.length - headerLength);
        Path file = write("mixed.vqff", mixed.toByteArray());
        FeatureNetworkException e = assertThrows(FeatureNetworkException.class, () -> FeatureNetwork.load(file, manager));
        assertTrue(e.getMessage().startsWith("feature network file " + file + " holds parameter "), e.getMessage());
        assertTrue(e.getMessage().contains("of shape (5, 1, 3, 3) where its spec implies (3, 1, 3, 3)"), e.getMessage());
    }

    @Test
    void bytesAfterTheParametersAreRefused() throws IOException {
        byte[] bytes = saved(SPEC);
        Path file = write("long.vqff", Arrays.copyOf(bytes, bytes.length + 3));
        FeatureNetworkException e = assertThrows(FeatureNetworkException.class, () -> FeatureNetwork.load(file, manager));
        assertTrue(e.getMessage().startsWith("feature network file " + file + " has bytes after the parameters"), e.getMessage());
    }

    @Test
    void imagesThatDoNotFitTheSpecAreRefusedNamingBothShapes() throws IOException {
        Path file = write("net.vqff", saved(SPEC));
        try (FeatureNetwork network = FeatureNetwork.load(file, manager)) {
            FeatureNetworkException channels = assertThrows(FeatureNetworkException.class,
                    () -> network.layerFeatures(manager.zeros(new Shape(2, 3, 7, 7))));
            assertEquals("feature network file " + file + " reads images of shape (B, 1, 7, 7); got (2, 3, 7, 7)",
                    channels.getMessage());
            FeatureNetworkException size = assertThrows(FeatureNetworkException.class,
                    () -> network.embedding(manager.zeros(new Shape(2, 1, 8, 8))));
            assertEquals("feature network file " + file + " reads images of shape (B, 1, 7, 7); got (2, 1, 8, 8)",
                    size.getMessage());
        }
        try (FeatureNetwork unsaved = FeatureNetwork.create(SPEC, manager)) {
            FeatureNetworkException e = assertThrows(FeatureNetworkException.class,
                    () -> unsaved.layerFeatures(manager.zeros(new Shape(7, 7))));
            assertEquals("feature network (not loaded from a file) reads images of shape (B, 1, 7, 7); got (7, 7)",
                    e.getMessage());
        }
    }

    @Test
    void specsThatCannotBeBuiltAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureNetworkSpec(0, 7, List.of(3), 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureNetworkSpec(1, 7, List.of(), 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureNetworkSpec(1, 7, List.of(3, 0), 0));
        assertThrows(IllegalArgumentException.class, () -> new FeatureNetworkSpec(1, 7, List.of(3), -1));
        assertThrows(IllegalArgumentException.class, () -> new FeatureNetworkSpec(1, 3, List.of(3, 3, 3), 0));
        assertEquals(1, new FeatureNetworkSpec(1, 4, List.of(3, 3, 3), 0).featureSize(2));
    }

    private void assertMessage(Path file, String expected) {
        FeatureNetworkException e = assertThrows(FeatureNetworkException.class, () -> FeatureNetwork.load(file, manager));
        assertEquals(expected, e.getMessage());
    }

    private byte[] saved(FeatureNetworkSpec spec) throws IOException {
        Path file = dir.resolve("saved-" + System.nanoTime() + ".vqff");
        try (FeatureNetwork network = FeatureNetwork.create(spec, manager)) {
            NetworkFiles.write(network, file);
        }
        return Files.readAllBytes(file);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static byte[] header(FeatureNetworkSpec spec) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            FeatureNetworkFormat.writeHeader(out, spec);
        }
        return bytes.toByteArray();
    }

    private static float[] flatten(float[][][] a) {
        float[] out = new float[a.length * a[0].length * a[0][0].length];
        int i = 0;
        for (float[][] plane : a) {
            for (float[] row : plane) {
                for (float v : row) {
                    out[i++] = v;
                }
            }
        }
        return out;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
