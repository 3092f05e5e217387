package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkSpec;
import org.vqforge.runner.cli.TrainEndToEndTest.Result;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.IdxReader;
import org.vqforge.runner.data.ImageSet;

/** {@code vqf features train}, and the feature network and image-folder checks of {@code vqf train}, as a user meets them. */
class FeaturesCommandTest {

    @TempDir
    Path dir;

    /** Writes a small Fashion-MNIST look-alike: class k is a bright square at a place of its own, plus noise. */
    private static void writeIdx(Path folder, String split, int n, Random random) throws IOException {
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            labels[i] = (byte) k;
            int top = 2 + (k / 5) * 12;
            int left = 2 + (k % 5) * 5;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean inside = y >= top && y < top + 8 && x >= left && x < left + 4;
                    pixels[i * 784 + y * 28 + x] = (byte) ((inside ? 200 : 0) + random.nextInt(40));
                }
            }
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(folder.resolve(split + "-images-idx3-ubyte")))) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(folder.resolve(split + "-labels-idx1-ubyte")))) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(n);
            out.write(labels);
        }
    }

    @Test
    void trainsSavesAndReportsTheTestAccuracyOfTheSavedNetwork() throws IOException {
        Path data = Files.createDirectories(dir.resolve("fm"));
        Random random = new Random(3);
        writeIdx(data, "train", 320, random);
        writeIdx(data, "t10k", 100, random);
        Path out = dir.resolve("nets/fm.vqff");

        Result r = TrainEndToEndTest.vqf("features", "train", "--epochs", "2", "--batch-size", "32", "--threads", "1",
                "--data", data.toString(), "--out", out.toString());

        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("epoch 1/2: loss "), r.out());
        assertTrue(r.out().contains("epoch 2/2: loss "), r.out());
        Matcher saved = Pattern.compile("saved " + Pattern.quote(out.toString()) + ": test accuracy ([0-9.]+)%").matcher(r.out());
        assertTrue(saved.find(), r.out());
        double printed = Double.parseDouble(saved.group(1)) / 100;

        // the file holds the printed network: its accuracy, recomputed with plain Java argmax, agrees
        ImageSet test = IdxReader.readImages(data.resolve("t10k-images-idx3-ubyte"));
        byte[] labels = IdxReader.readLabels(data.resolve("t10k-labels-idx1-ubyte"));
        try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager();
                FeatureNetwork network = FeatureNetwork.load(out, manager)) {
            assertEquals(new FeatureNetworkSpec(1, 28, FeaturesCommand.DEFAULT_CHANNELS, 10), network.spec());
            NDArray images = Batches.range(test, 0, test.count(), manager);
            float[] logits = network.block().forward(new ParameterStore(manager, false), new NDList(images), false)
                    .singletonOrThrow().toFloatArray();
            int correct = 0;
            for (int i = 0; i < test.count(); i++) {
                float[] row = Arrays.copyOfRange(logits, i * 10, i * 10 + 10);
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = row[c] > row[best] ? c : best;
                }
                correct += best == labels[i] ? 1 : 0;
            }
            assertEquals(correct / 100.0, printed, 0.00005);
        }
        // a toy task this separable is learnt in 20 steps; a network that does not learn scores about 10%
        assertTrue(printed > 0.5, "test accuracy " + printed);
    }

    @Test
    void badOptionsAreBadInput() {
        Result r = TrainEndToEndTest.vqf("features", "train", "--epochs", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--epochs must be at least 1, got 0"), r.err());
    }

    @Test
    void aNamedFeatureNetworkThatIsMissingStopsTrainingBeforeAnythingIsWritten() {
        Path missing = dir.resolve("none.vqff");
        Path run = dir.resolve("run");
        Result r = TrainEndToEndTest.vqf("train", TrainEndToEndTest.CONFIG, "eval.featureNetwork=" + missing,
                "--quiet", "--run-dir", run.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(TrainEndToEndTest.CONFIG + ": eval.featureNetwork: feature network file " + missing
                + " does not exist"), r.err());
        assertFalse(Files.exists(run));
    }

    @Test
    void anUnreadableImageStopsTrainingNamingTheFileWhenAskedTo() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images/sub"));
        BufferedImage gray = new BufferedImage(30, 30, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 12; i++) {
            ImageIO.write(gray, "png", images.resolve("ok" + i + ".png").toFile());
        }
        Path broken = images.resolve("broken.jpg");
        try (OutputStream o = Files.newOutputStream(broken)) {
            o.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        }
        List<String> common = List.of("train", TrainEndToEndTest.CONFIG, "data.dataset=image-folder",
                "data.path=" + dir.resolve("images"), "data.imageSize=28", "data.channels=1", "data.testFraction=0.5",
                "train.batchSize=2", "train.steps=1", "--quiet");

        Result failed = TrainEndToEndTest.vqf(concat(common, "data.onUnreadable=fail", "--run-dir", dir.resolve("r1").toString()));
        assertEquals(2, failed.exitCode(), failed.err());
        assertTrue(failed.err().contains("error: " + broken + ": cannot decode"), failed.err());
    }

    private static String[] concat(List<String> head, String... tail) {
        String[] all = Arrays.copyOf(head.toArray(String[]::new), head.size() + tail.length);
        System.arraycopy(tail, 0, all, head.size(), tail.length);
        return all;
    }
}
