package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.cli.TrainEndToEndTest.vqf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.cli.TrainEndToEndTest.Result;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.IdxReader;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.embed.RunDirectories;
import org.vqforge.runner.embed.TrainedRun;
import org.vqforge.runner.model.ModelOutput;
import org.vqforge.runner.tokens.TokenFiles;
import org.vqforge.runner.tokens.TokenHeader;
import org.vqforge.runner.tokens.Tokens;

/**
 * {@code vqf encode} and {@code vqf decode} on tiny runs of real Fashion-MNIST (two training steps):
 * the tokens are the quantizer's own indices, and decoding them gives the run's reconstructions.
 * Needs the dataset-fashion-mnist package.
 */
class TokensEndToEndTest {

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int TEST_IMAGES = 40;

    @TempDir
    Path dir;

    /** Two steps on 128 images; 40 test images in evaluation batches of 16, so the last batch is partial. */
    private static Path tinyRun(Path runDir, String config) {
        List<String> args = new ArrayList<>(List.of("train", config, "data.trainLimit=128",
                "data.testLimit=" + TEST_IMAGES, "train.steps=2", "train.batchSize=64", "train.evalBatchSize=16",
                "backend.threads=2", "--quiet", "--run-dir", runDir.toString()));
        Result train = vqf(args.toArray(String[]::new));
        assertEquals(0, train.exitCode(), train.err());
        return runDir;
    }

    /**
     * The model's own pass over the test images: its indices (B, H, W) or (B, P, H, W), its
     * reconstructions, and the decoder applied to the quantizer's lookup of those indices.
     */
    private record Reference(long[] indices, long[] shape, float[] reconstructions, float[] looked) {}

    private static Reference reference(Path run) throws IOException {
        RunDirectories.Restored r = RunDirectories.restoreLast(Plugins.discover(), run);
        try (NDManager m = r.model().manager().newSubManager()) {
            NDArray images = Batches.range(r.data().test(), 0, TEST_IMAGES, m);
            ModelOutput out = r.model().forward(images, StepInfo.evaluation());
            NDArray indices = out.quantizer().indices();
            float[] looked = r.model().decode(r.model().quantizer().lookup(indices), false).clip(0f, 1f).toFloatArray();
            return new Reference(indices.toType(DataType.INT64, true).toLongArray(), indices.getShape().getShape(),
                    out.reconstruction().clip(0f, 1f).toFloatArray(), looked);
        } finally {
            r.model().close();
        }
    }

    private static float maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void encodeThenDecodeGivesTheRunsReconstructions() throws IOException {
        Path run = tinyRun(dir.resolve("run"), TrainEndToEndTest.CONFIG);
        Result encode = vqf("encode", run.toString(), "--split", "test");
        assertEquals(0, encode.exitCode(), encode.err());
        Path file = run.resolve("tokens-test.vqft");
        assertEquals(file.toAbsolutePath().toString(), encode.out().strip());

        Tokens tokens = TokenFiles.read(file);
        TokenHeader h = tokens.header();
        assertEquals(List.of(TEST_IMAGES, 7, 7, 1), List.of(h.count(), h.height(), h.width(), h.planes()));
        assertEquals("none", h.planeKind());
        assertEquals(512, h.codebookSize());
        assertEquals(2, h.tokenizer().checkpointStep());
        assertEquals("ema", h.tokenizer().quantizer());
        assertEquals(org.vqforge.runner.train.Checkpoints.readMetadata(run.resolve("checkpoints/step-000000002"))
                .configHash(), h.tokenizer().configHash());
        // the labels are the test set's, read independently from its IDX label file
        byte[] labels = IdxReader.readLabels(FASHION.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(10, h.classes());
        for (int i = 0; i < TEST_IMAGES; i++) {
            assertEquals(labels[i] & 0xff, tokens.labels()[i], "label " + i);
        }

        Reference ref = reference(run);
        assertArrayEquals(new long[] {TEST_IMAGES, 7, 7}, ref.shape());
        assertArrayEquals(ref.indices(), Arrays.stream(tokens.indices()).asLongStream().toArray(),
                "the file holds the quantizer's indices in raster order");
        try (TrainedRun trained = TrainedRun.open(run)) {
            float[] decoded = trained.decode(tokens);
            // the decoder on the lookup of the model's own indices: exactly what decode computes from the file
            assertArrayEquals(ref.looked(), decoded);
            // the forward pass decodes z + sg(q - z) (straight-through), equal to q up to float rounding
            float difference = maxDifference(ref.reconstructions(), decoded);
            assertTrue(difference < 1e-5f, "decode(encode(x)) differs from the reconstruction by " + difference);
            System.out.printf("encode/decode vs the reconstructions of the run: max |difference| %.3g%n", difference);
        }

        // vqf decode: the first 32 images as the reconstruction rows of reconstructions.png, pixel for pixel
        Result decode = vqf("decode", run.toString(), file.toString(), "--count", "32");
        assertEquals(0, decode.exitCode(), decode.err());
        Path png = run.resolve("tokens-test.png");
        assertEquals(png.toAbsolutePath().toString(), decode.out().strip());
        BufferedImage grid = ImageIO.read(png.toFile());
        BufferedImage recon = ImageIO.read(run.resolve("reconstructions.png").toFile());
        assertEquals(recon.getWidth(), grid.getWidth());
        int rowHeight = 28 + 2;
        assertEquals(2 * rowHeight + 2, grid.getHeight());
        int differing = 0;
        for (int row = 0; row < 2; row++) {
            for (int y = 0; y < rowHeight; y++) {
                for (int x = 0; x < grid.getWidth(); x++) {
                    int mine = grid.getRaster().getSample(x, 2 + row * rowHeight + y, 0);
                    int theirs = recon.getRaster().getSample(x, 2 + (2 * row + 1) * rowHeight + y, 0);
                    differing += Math.abs(mine - theirs) > 1 ? 1 : 0;
                }
            }
        }
        assertEquals(0, differing, "pixels of the decoded grid off the reconstruction grid by more than one level");
    }

    @Test
    void aResidualRunKeepsItsLevelsPositionMajor() throws IOException {
        Path run = tinyRun(dir.resolve("residual"), "../configs/quantizers/residual.yaml");
        Path file = dir.resolve("out/residual.vqft");
        Result encode = vqf("encode", run.toString(), "--split", "test", "--out", file.toString());
        assertEquals(0, encode.exitCode(), encode.err());
        Tokens tokens = TokenFiles.read(file);
        TokenHeader h = tokens.header();
        assertEquals(List.of(TEST_IMAGES, 7, 7, 2), List.of(h.count(), h.height(), h.width(), h.planes()));
        assertEquals("levels", h.planeKind());

        Reference ref = reference(run);
        assertArrayEquals(new long[] {TEST_IMAGES, 2, 7, 7}, ref.shape());
        for (int i = 0; i < TEST_IMAGES; i++) {
            for (int level = 0; level < 2; level++) {
                for (int y = 0; y < 7; y++) {
                    for (int x = 0; x < 7; x++) {
                        long expected = ref.indices()[((i * 2 + level) * 7 + y) * 7 + x];
                        assertEquals(expected, tokens.index(i, y, x, level), "image " + i + " level " + level);
                    }
                }
            }
        }
        try (TrainedRun trained = TrainedRun.open(run)) {
            float[] decoded = trained.decode(tokens);
            assertArrayEquals(ref.looked(), decoded);
            assertTrue(maxDifference(ref.reconstructions(), decoded) < 1e-5f);
            // a range decodes as the same images
            assertArrayEquals(Arrays.copyOfRange(decoded, 5 * 784, 8 * 784), trained.decode(tokens, 5, 3));
        }
    }

    @Test
    void tokensOfAnotherTokenizerOrAnUnreadableFileAreRefused() throws IOException {
        Path run = tinyRun(dir.resolve("run"), TrainEndToEndTest.CONFIG);
        Path file = dir.resolve("train.vqft");
        Result encode = vqf("encode", run.toString(), "--out", file.toString());
        assertEquals(0, encode.exitCode(), encode.err());
        Tokens tokens = TokenFiles.read(file);
        assertEquals(128, tokens.header().count(), "the training split, with its limit");
        byte[] labels = IdxReader.readLabels(FASHION.resolve("train-labels-idx1-ubyte.gz"));
        assertEquals(labels[127] & 0xff, tokens.labels()[127]);

        // the same indices claimed by another checkpoint of the run
        TokenHeader h = tokens.header();
        TokenHeader.Tokenizer other = new TokenHeader.Tokenizer(h.tokenizer().run(), h.tokenizer().configHash(), 3,
                h.tokenizer().quantizer());
        Path foreign = dir.resolve("foreign.vqft");
        TokenFiles.write(foreign, new Tokens(TokenHeader.of(h.count(), h.height(), h.width(), h.planes(), h.planeKind(),
                h.codebookSize(), h.classes(), other, h.dataset(), h.split()), tokens.indices(), tokens.labels()));
        Result decode = vqf("decode", run.toString(), foreign.toString());
        assertEquals(2, decode.exitCode(), decode.err());
        assertTrue(decode.err().startsWith("error: " + foreign + ": made by the tokenizer of config hash "
                + h.tokenizer().configHash() + " at checkpoint step 3"), decode.err());
        assertFalse(Files.exists(dir.resolve("foreign.png")), "nothing written");

        Path broken = dir.resolve("broken.vqft");
        Files.write(broken, Arrays.copyOf(Files.readAllBytes(file), 100));
        decode = vqf("decode", run.toString(), broken.toString());
        assertEquals(2, decode.exitCode(), decode.err());
        assertTrue(decode.err().startsWith("error: " + broken + ": truncated"), decode.err());
        assertFalse(Files.exists(dir.resolve("broken.png")));

        Result split = vqf("encode", run.toString(), "--split", "valid");
        assertEquals(2, split.exitCode());
        assertEquals("error: --split: unknown split 'valid' (allowed: train, test)", split.err().strip());

        Path notARun = dir.resolve("nothing");
        Result missing = vqf("encode", notARun.toString(), "--split", "test");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains(notARun + " is not a run directory"), missing.err());
        assertFalse(Files.exists(notARun.resolve("tokens-test.vqft")));
    }
}
