package org.vqforge.losses.perceptual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkException;
import org.vqforge.features.FeatureNetworkSpec;
import org.vqforge.features.reference.NetworkFiles;
import org.vqforge.features.reference.ReferenceFeatures;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class PerceptualLossTest {

    /** 1-channel 6x6 images: stages of 3 channels at 6x6 and 4 channels at 3x3. */
    private static final FeatureNetworkSpec SPEC = new FeatureNetworkSpec(1, 6, List.of(3, 4), 0);
    private static final ModelShapes SHAPES = new ModelShapes(1, 6, 6, 4);

    @TempDir
    Path dir;

    private TestBuildContext context;
    private Path file;
    private ReferenceFeatures reference;

    @BeforeEach
    void open() throws IOException {
        context = new TestBuildContext(SHAPES, 5);
        file = dir.resolve("tiny.vqff");
        // the reference reads the weights of the network as created; the loss reads the file
        try (FeatureNetwork created = FeatureNetwork.create(SPEC, context.manager())) {
            NetworkFiles.write(created, file);
            reference = new ReferenceFeatures(created);
        }
    }

    @AfterEach
    void close() {
        context.close();
    }

    private PerceptualLoss loss() {
        PerceptualLossProvider provider = new PerceptualLossProvider();
        return assertInstanceOf(PerceptualLoss.class,
                provider.create(provider.schema().with(Map.of("network", file.toString())), context));
    }

    private NDArray images(int batch) {
        return context.manager().randomUniform(0f, 1f, new Shape(batch, 1, 6, 6));
    }

    @Test
    void valueMatchesAPlainJavaComputationThroughTheSameWeights() {
        NDArray x = images(2);
        NDArray y = images(2);
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            List<float[][][]> fx = reference.forward(ReferenceFeatures.image(x, b));
            List<float[][][]> fy = reference.forward(ReferenceFeatures.image(y, b));
            for (int l = 0; l < 2; l++) {
                // mean over channels and positions of this sample, then over the batch and stages
                expected += layerDistance(fx.get(l), fy.get(l)) / 2 / 2;
            }
        }
        assertTrue(expected > 1e-3, "a distance worth comparing: " + expected);
        assertEquals(expected, loss().compute(x, y).getFloat(), 1e-6);
    }

    private static double layerDistance(float[][][] a, float[][][] b) {
        int channels = a.length;
        int h = a[0].length;
        int w = a[0][0].length;
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double na = 0;
                double nb = 0;
                for (int c = 0; c < channels; c++) {
                    na += (double) a[c][y][x] * a[c][y][x];
                    nb += (double) b[c][y][x] * b[c][y][x];
                }
                na = Math.sqrt(na) + 1e-10;
                nb = Math.sqrt(nb) + 1e-10;
                for (int c = 0; c < channels; c++) {
                    double d = a[c][y][x] / na - b[c][y][x] / nb;
                    sum += d * d;
                }
            }
        }
        return sum / (channels * h * w);
    }

    @Test
    void anImageIsAtDistanceZeroFromItself() {
        NDArray x = images(3);
        assertEquals(0f, loss().compute(x, x).getFloat(), 0f);
    }

    @Test
    void gradientsReachTheReconstructionButNotTheNetwork() {
        PerceptualLoss loss = loss();
        NDArray x = images(2);
        NDArray y = images(2);
        x.setRequiresGradient(true);
        float[] g = Tensors.gradients(() -> loss.compute(x, y), x)[0];
        double norm = 0;
        for (float v : g) {
            assertTrue(Float.isFinite(v), "finite gradient");
            norm += v * v;
        }
        assertTrue(norm > 0, "the reconstruction gets a gradient");
        for (Pair<String, Parameter> p : loss.network().block().getParameters()) {
            PtNDArray array = (PtNDArray) p.getValue().getArray();
            assertFalse(JniUtils.requiresGrad(array), p.getKey() + " requires a gradient");
            assertNull(JniUtils.getGradient(array), p.getKey() + " has a gradient");
        }
    }

    @Test
    void anEmptyNetworkIsAConfigProblemThatSaysHowToMakeOne() {
        PerceptualLossProvider provider = new PerceptualLossProvider();
        List<ConfigProblem> problems = provider.check(provider.schema().defaults(), SHAPES);
        assertEquals(1, problems.size());
        assertEquals("network", problems.get(0).key());
        assertTrue(problems.get(0).message().contains("./vqf features train"), problems.get(0).message());
        assertEquals(List.of(), provider.check(provider.schema().with(Map.of("network", "x.vqff")), SHAPES));
    }

    @Test
    void aMissingFileIsAnErrorNamingItWhenTheLossIsCreated() {
        PerceptualLossProvider provider = new PerceptualLossProvider();
        Path missing = dir.resolve("nowhere.vqff");
        FeatureNetworkException e = assertThrows(FeatureNetworkException.class,
                () -> provider.create(provider.schema().with(Map.of("network", missing.toString())), context));
        assertEquals("feature network file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void aNetworkForOtherImagesIsAnErrorNamingItAndBothShapes() throws IOException {
        Path other = dir.resolve("rgb.vqff");
        try (FeatureNetwork rgb = FeatureNetwork.create(new FeatureNetworkSpec(3, 8, List.of(2), 0), context.manager())) {
            NetworkFiles.write(rgb, other);
        }
        PerceptualLossProvider provider = new PerceptualLossProvider();
        FeatureNetworkException e = assertThrows(FeatureNetworkException.class,
                () -> provider.create(provider.schema().with(Map.of("network", other.toString())), context));
        assertEquals("feature network file " + other + " reads 3x8x8 images; this model's images are 1x6x6"
                + " (channels x height x width)", e.getMessage());
    }
}
