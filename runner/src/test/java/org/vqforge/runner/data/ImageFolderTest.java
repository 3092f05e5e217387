package org.vqforge.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntBinaryOperator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.config.DataSpec;

/** The image-folder dataset on PNG and JPEG files the tests write themselves. */
class ImageFolderTest {

    @TempDir
    Path dir;

    // ---- writing test images -------------------------------------------------------------

    static BufferedImage gray(int width, int height, IntBinaryOperator value) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, value.applyAsInt(x, y));
            }
        }
        return image;
    }

    static BufferedImage rgb(int width, int height, int r, int g, int b) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return image;
    }

    static Path write(Path file, BufferedImage image, String format) throws IOException {
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no " + format + " writer");
        }
        return file;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static DataSpec spec(Path path, int size, int channels, boolean skip) {
        return new DataSpec(DataSpec.IMAGE_FOLDER, path.toString(), 0, 0,
                new DataSpec.FolderOptions(size, channels, 0.1, "", skip));
    }

    private static int[] unsigned(ImageSet set, int image) {
        int[] v = new int[set.imageSize()];
        for (int i = 0; i < v.length; i++) {
            v[i] = set.pixels()[image * set.imageSize() + i] & 0xff;
        }
        return v;
    }

    private static ImageSet decode(List<Path> files, int size, int channels) {
        return ImageFolder.decode(files, 0, new ImageDecoder(size, channels), false, s -> {
            throw new AssertionError("skipped " + s);
        }, "data.path").images();
    }

    // ---- decoding ------------------------------------------------------------------------

    @Test
    void pngAndJpegInRgbAndGrayBecomeTheConfiguredChannels() throws IOException {
        Path rgbPng = write(dir.resolve("a.png"), rgb(16, 16, 200, 100, 50), "png");
        Path grayPng = write(dir.resolve("b.png"), gray(20, 12, (x, y) -> 128), "png");
        Path rgbJpeg = write(dir.resolve("c.jpg"), rgb(32, 24, 40, 160, 220), "jpg");
        Path grayJpeg = write(dir.resolve("d.jpeg"), gray(10, 30, (x, y) -> 90), "jpg");
        List<Path> files = List.of(rgbPng, grayPng, rgbJpeg, grayJpeg);

        ImageSet asRgb = decode(files, 8, 3);
        assertEquals(4, asRgb.count());
        assertEquals(3 * 8 * 8, asRgb.imageSize());
        assertUniform(new int[] {200, 100, 50}, asRgb, 0, 0);
        // an 8-bit gray file keeps its values (no linear-to-sRGB brightening) and fills all three channels
        assertUniform(new int[] {128, 128, 128}, asRgb, 1, 0);
        // JPEG is lossy: a flat colour comes back within a few levels
        assertUniform(new int[] {40, 160, 220}, asRgb, 2, 3);
        assertUniform(new int[] {90, 90, 90}, asRgb, 3, 2);

        ImageSet asGray = decode(files, 8, 1);
        assertEquals(8 * 8, asGray.imageSize());
        // BT.601 luma: 0.299 * 200 + 0.587 * 100 + 0.114 * 50 = 124.2
        assertUniform(new int[] {124}, asGray, 0, 0);
        assertUniform(new int[] {128}, asGray, 1, 0);
        // 0.299 * 40 + 0.587 * 160 + 0.114 * 220 = 131.0
        assertUniform(new int[] {131}, asGray, 2, 3);
        assertUniform(new int[] {90}, asGray, 3, 2);
    }

    /** Every pixel of each channel c of image {@code image} is {@code expected[c]}, within {@code tolerance} levels. */
    private static void assertUniform(int[] expected, ImageSet set, int image, int tolerance) {
        int[] v = unsigned(set, image);
        int plane = set.height() * set.width();
        for (int c = 0; c < expected.length; c++) {
            for (int i = 0; i < plane; i++) {
                int got = v[c * plane + i];
                if (Math.abs(got - expected[c]) > tolerance) {
                    throw new AssertionError("image " + image + " channel " + c + " pixel " + i + ": " + got
                            + ", expected " + expected[c] + " +- " + tolerance);
                }
            }
        }
    }

    @Test
    void theShorterSideIsResizedAndTheCentreCropped() throws IOException {
        // 12 wide, 8 high: the centred 8x8 square is columns 2..9; halving it averages 2x2 blocks
        IntBinaryOperator value = (x, y) -> 10 * x + y;
        Path file = write(dir.resolve("wide.png"), gray(12, 8, value), "png");
        int[] got = unsigned(decode(List.of(file), 4, 1), 0);
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 4; i++) {
                double sum = 0;
                for (int y = 2 * j; y < 2 * j + 2; y++) {
                    for (int x = 2 + 2 * i; x < 4 + 2 * i; x++) {
                        sum += value.applyAsInt(x, y);
                    }
                }
                assertEquals(Math.round(sum / 4), got[j * 4 + i], "pixel " + i + "," + j);
            }
        }
        // a tall image is cropped in its middle rows the same way
        Path tall = write(dir.resolve("tall.png"), gray(8, 12, (x, y) -> 10 * y + x), "png");
        int[] tallGot = unsigned(decode(List.of(tall), 4, 1), 0);
        assertEquals(Math.round((10 * 2.5 + 0.5)), tallGot[0]);
        assertEquals(Math.round((10 * 8.5 + 6.5)), tallGot[15]);
    }

    @Test
    void aSmallImageIsEnlargedBilinearlyBetweenPixelCentres() throws IOException {
        // columns 0 and 100; output centres fall at source x = 0 (clamped), 0.25, 0.75, 1 (clamped)
        Path file = write(dir.resolve("small.png"), gray(2, 2, (x, y) -> 100 * x), "png");
        int[] got = unsigned(decode(List.of(file), 4, 1), 0);
        for (int y = 0; y < 4; y++) {
            assertArrayEquals(new int[] {0, 25, 75, 100}, Arrays.copyOfRange(got, 4 * y, 4 * y + 4), "row " + y);
        }
    }

    // ---- the folder ----------------------------------------------------------------------

    @Test
    void subfoldersAreIncludedInTheOrderOfTheirRelativePaths() throws IOException {
        write(dir.resolve("b/c.png"), gray(8, 8, (x, y) -> 30), "png");
        write(dir.resolve("b.png"), gray(8, 8, (x, y) -> 20), "png");
        write(dir.resolve("a.PNG"), gray(8, 8, (x, y) -> 10), "png");
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        List<Path> files = ImageFolder.list(dir, "data.path");
        assertEquals(List.of("a.PNG", "b.png", "b/c.png"), files.stream().map(f -> ImageFolder.relativeKey(dir, f)).toList());
        ImageSet set = decode(files, 8, 1);
        assertEquals(List.of(10, 20, 30), List.of(unsigned(set, 0)[0], unsigned(set, 1)[0], unsigned(set, 2)[0]));
    }

    @Test
    void anUnreadableFileIsReportedWithItsPathAndSkippedOrStopsTheLoad() throws IOException {
        for (int i = 0; i < 30; i++) {
            write(dir.resolve(String.format("img%02d.png", i)), gray(9, 9, (x, y) -> 5), "png");
        }
        byte[] whole = png(gray(16, 16, (x, y) -> x * 16 + y));
        Path corrupt = Files.write(dir.resolve("img05-corrupt.png"), Arrays.copyOf(whole, whole.length / 2));
        Path text = Files.writeString(dir.resolve("img07-text.jpg"), "this is not a JPEG");

        List<String> report = new ArrayList<>();
        TrainingData data = ImageFolder.load(spec(dir, 8, 1, true), report::add);
        assertEquals(30, data.train().count() + data.test().count());
        // the files the images came from, for provenance: the readable ones only
        assertEquals(30, data.files().size());
        assertFalse(data.files().contains(corrupt) || data.files().contains(text));
        assertTrue(report.contains("skipped " + corrupt + ": cannot decode: " + readError(corrupt)), report.toString());
        assertTrue(report.contains("skipped " + text + ": not an image ImageIO can decode (PNG or JPEG expected)"),
                report.toString());
        assertTrue(report.get(report.size() - 1).endsWith("(2 unreadable files skipped)"), report.toString());

        DataException failure = assertThrows(DataException.class, () -> ImageFolder.load(spec(dir, 8, 1, false), s -> {}));
        // the first unreadable file in file order
        assertTrue(failure.getMessage().startsWith(corrupt + ": cannot decode"), failure.getMessage());
        assertTrue(failure.getMessage().contains("data.onUnreadable"), failure.getMessage());
    }

    private static String readError(Path file) {
        try {
            ImageIO.read(file.toFile());
            throw new AssertionError(file + " was readable");
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Test
    void theTestSplitOfAFileDoesNotChangeWhenFilesAreAdded() throws IOException {
        for (int i = 0; i < 40; i++) {
            write(dir.resolve(String.format("first/%03d.png", i)), gray(8, 8, (x, y) -> 0), "png");
        }
        Map<String, Boolean> before = split(dir, 40);
        for (int i = 0; i < 60; i++) {
            write(dir.resolve(String.format("added/%03d.png", i)), gray(8, 8, (x, y) -> 0), "png");
        }
        Map<String, Boolean> after = split(dir, 100);
        before.forEach((file, test) -> assertEquals(test, after.get(file), file));

        DataSpec spec = spec(dir, 8, 1, false);
        TrainingData data = ImageFolder.load(spec, s -> {});
        long tests = after.values().stream().filter(t -> t).count();
        assertEquals(tests, data.test().count());
        assertEquals(100 - tests, data.train().count());
    }

    /** Which of the folder's files are test images, by relative path. */
    private static Map<String, Boolean> split(Path root, int expectedFiles) {
        List<Path> files = ImageFolder.list(root, "data.path");
        assertEquals(expectedFiles, files.size());
        Map<String, Boolean> test = new HashMap<>();
        for (Path f : files) {
            String key = ImageFolder.relativeKey(root, f);
            test.put(key, ImageFolder.isTest(key, 0.1));
        }
        return test;
    }

    @Test
    void theHashSplitHoldsOutAboutTheConfiguredFraction() {
        int n = 20_000;
        int test = 0;
        for (int i = 0; i < n; i++) {
            if (ImageFolder.isTest("class-" + (i % 7) + "/image_" + i + ".jpg", 0.1)) {
                test++;
            }
        }
        // binomial(20000, 0.1): standard deviation 42; 5 of them either side
        assertEquals(0.1 * n, test, 5 * Math.sqrt(n * 0.1 * 0.9));
        assertEquals(ImageFolder.unitHash("a/b.png"), ImageFolder.unitHash("a/b.png"));
        assertFalse(ImageFolder.unitHash("a/b.png") == ImageFolder.unitHash("a/c.png"));
    }

    @Test
    void aSeparateTestFolderAndTheLimits() throws IOException {
        Path train = dir.resolve("train");
        Path test = dir.resolve("test");
        for (int i = 0; i < 5; i++) {
            write(train.resolve(i + ".png"), gray(8, 8, (x, y) -> 1), "png");
            write(test.resolve(i + ".jpg"), rgb(8, 8, 250, 250, 250), "jpg");
        }
        DataSpec spec = new DataSpec(DataSpec.IMAGE_FOLDER, train.toString(), 3, 0,
                new DataSpec.FolderOptions(8, 1, 0.5, test.toString(), false));
        TrainingData data = ImageFolder.load(spec, s -> {});
        assertEquals(3, data.train().count());
        assertEquals(5, data.test().count());
        assertEquals(1, unsigned(data.train(), 2)[0]);
        assertEquals(250, unsigned(data.test(), 4)[0], 3);
        assertEquals(List.of(train.resolve("0.png"), train.resolve("1.png"), train.resolve("2.png"), test.resolve("0.jpg"),
                test.resolve("1.jpg"), test.resolve("2.jpg"), test.resolve("3.jpg"), test.resolve("4.jpg")), data.files());
    }

    @Test
    void aFolderWithoutImagesOrASplitWithoutTestImagesNamesTheKey() throws IOException {
        Files.createDirectories(dir.resolve("empty/sub"));
        DataException empty = assertThrows(DataException.class,
                () -> ImageFolder.load(spec(dir.resolve("empty"), 8, 1, true), s -> {}));
        assertTrue(empty.getMessage().startsWith("data.path: " + dir.resolve("empty") + " holds no .png, .jpg, .jpeg files"),
                empty.getMessage());

        Path one = write(dir.resolve("one/only.png"), gray(8, 8, (x, y) -> 0), "png");
        boolean onlyIsTest = ImageFolder.isTest("only.png", 0.1);
        DataException split = assertThrows(DataException.class,
                () -> ImageFolder.load(spec(one.getParent(), 8, 1, true), s -> {}));
        assertTrue(split.getMessage().startsWith("data.testFraction: 0.1 of the 1 images in " + one.getParent()
                + (onlyIsTest ? " leaves no training image" : " selects no test image")), split.getMessage());
    }
}
