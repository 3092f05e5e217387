package org.vqforge.runner.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkException;
import org.vqforge.features.FeatureNetworkSpec;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.runner.files.AtomicFiles;

/** The Fréchet distance through a real (small, untrained) feature network file the test writes. */
class FrechetMeasurementTest {

    private static final FeatureNetworkSpec SPEC = new FeatureNetworkSpec(1, 8, List.of(4, 6), 3);
    private static final ModelShapes SHAPES = new ModelShapes(1, 8, 8, 16);

    @TempDir
    Path dir;

    private NDManager manager;
    private Path file;

    @BeforeEach
    void saveANetwork() throws IOException {
        manager = Engine.getEngine("PyTorch").newBaseManager();
        Engine.getEngine("PyTorch").setRandomSeed(11);
        file = dir.resolve("net.vqff");
        try (FeatureNetwork network = FeatureNetwork.create(SPEC, manager)) {
            AtomicFiles.write(file, network::writeTo);
        }
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private NDArray images(int n, double scale, double offset) {
        return manager.randomUniform(0f, 1f, new Shape(n, 1, 8, 8)).mul((float) scale).add((float) offset);
    }

    @Test
    void theDistanceOfBatchesIsTheDistanceOfTheWholeSetsEmbeddings() {
        NDArray originals = images(60, 1, 0);
        NDArray reconstructed = images(60, 0.5, 0.2);
        FrechetResult batched;
        try (FrechetMeasurement m = FrechetMeasurement.open(file, true, SHAPES, manager)) {
            for (int from = 0; from < 60; from += 25) {
                int to = Math.min(60, from + 25);
                m.add(originals.get(from + ":" + to), reconstructed.get(from + ":" + to));
            }
            batched = m.result();
        }
        assertTrue(batched.measured(), batched.skipped());
        assertEquals(file, batched.network());

        // independently: the embeddings of all 60 at once, statistics and distance from plain arrays
        FeatureStatistics a = new FeatureStatistics(6);
        FeatureStatistics b = new FeatureStatistics(6);
        try (FeatureNetwork network = FeatureNetwork.load(file, manager)) {
            a.add(network.embedding(originals).toFloatArray());
            b.add(network.embedding(reconstructed).toFloatArray());
        }
        double whole = FrechetDistance.between(a, b);
        assertTrue(whole > 1e-6, "different image sets are apart: " + whole);
        assertEquals(whole, batched.distance(), 1e-6 * whole);
    }

    @Test
    void perfectReconstructionsAreAtDistanceZero() {
        NDArray originals = images(40, 1, 0);
        try (FrechetMeasurement m = FrechetMeasurement.open(file, true, SHAPES, manager)) {
            m.add(originals, originals);
            assertEquals(0.0, m.result().distance(), 1e-9);
        }
    }

    @Test
    void aNamedFileThatIsMissingOrReadsOtherImagesIsAnErrorNamingIt() {
        Path missing = dir.resolve("nowhere.vqff");
        FeatureNetworkException gone = assertThrows(FeatureNetworkException.class,
                () -> FrechetMeasurement.open(missing, true, SHAPES, manager));
        assertTrue(gone.getMessage().contains(missing.toString()), gone.getMessage());

        FeatureNetworkException other = assertThrows(FeatureNetworkException.class,
                () -> FrechetMeasurement.open(file, true, new ModelShapes(3, 8, 8, 16), manager));
        assertEquals("feature network file " + file + " reads images of 1x8x8 (channels x height x width);"
                + " the experiment's images are 3x8x8", other.getMessage());
    }

    @Test
    void aMissingOrUnsuitedDefaultNetworkSkipsTheDistanceSayingHowToGetOne() {
        Path missing = dir.resolve("features/fashion-mnist.vqff");
        FrechetResult none;
        try (FrechetMeasurement m = FrechetMeasurement.open(missing, false, SHAPES, manager)) {
            m.add(images(4, 1, 0), images(4, 1, 0));
            none = m.result();
        }
        assertFalse(none.measured());
        assertTrue(Double.isNaN(none.distance()));
        assertEquals("no feature network at " + missing + "; create it with ./vqf features train, or name one in"
                + " eval.featureNetwork", none.skipped());

        try (FrechetMeasurement m = FrechetMeasurement.open(file, false, new ModelShapes(1, 16, 16, 16), manager)) {
            FrechetResult unsuited = m.result();
            assertFalse(unsuited.measured());
            assertTrue(unsuited.skipped().startsWith("the default feature network " + file + " reads images of 1x8x8"),
                    unsuited.skipped());
        }
    }

    @Test
    void theDefaultFileLivesUnderVqfHome() {
        assertEquals(Path.of("/data/vqf/features/fashion-mnist.vqff"), FeatureNetworks.defaultPath("/data/vqf", "/home/u"));
        assertEquals(Path.of("/home/u/.vqforge/features/fashion-mnist.vqff"), FeatureNetworks.defaultPath(null, "/home/u"));
        assertEquals(Path.of("/home/u/.vqforge/features/fashion-mnist.vqff"), FeatureNetworks.defaultPath(" ", "/home/u"));
    }
}
