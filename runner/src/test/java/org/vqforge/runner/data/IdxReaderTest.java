package org.vqforge.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** An IDX image file of {@code n} images of rows x cols with pixel value (i + p) % 256. */
    static byte[] idx(int magic, int n, int rows, int cols, int pixelsWritten) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(n);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < pixelsWritten; i++) {
            out.writeByte(i % 256);
        }
        out.flush();
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        byte[] content = idx(IdxReader.IMAGES_MAGIC, 3, 4, 5, 60);
        ImageSet raw = IdxReader.readImages(write(dir.resolve("a-idx3-ubyte"), content, false));
        ImageSet gz = IdxReader.readImages(write(dir.resolve("a-idx3-ubyte.gz"), content, true));
        assertEquals(3, raw.count());
        assertEquals(4, raw.height());
        assertEquals(5, raw.width());
        assertEquals(1, raw.channels());
        assertArrayEquals(Arrays.copyOfRange(content, 16, 76), raw.pixels());
        assertArrayEquals(raw.pixels(), gz.pixels());
    }

    @Test
    void wrongMagicNamesTheFile() throws IOException {
        Path file = write(dir.resolve("labels.gz"), idx(0x00000801, 3, 4, 5, 60), true);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic 0x00000801"), e.getMessage());
    }

    @Test
    void truncatedFileNamesTheFile() throws IOException {
        Path file = write(dir.resolve("short.gz"), idx(IdxReader.IMAGES_MAGIC, 3, 4, 5, 59), true);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = write(dir.resolve("header"), new byte[] {0, 0, 8, 3, 0, 0}, false);
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void missingFileNamesTheFile() {
        Path file = dir.resolve("nope.gz");
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void locatorPrefersTheConfiguredPathAndExplainsTheInstall() throws IOException {
        DatasetLocator locator = new DatasetLocator(dir.resolve("system"));
        assertEquals(dir, locator.directory("fashion-mnist", dir.toString()));
        DataException missing = assertThrows(DataException.class, () -> locator.directory("fashion-mnist", ""));
        assertTrue(missing.getMessage().contains("apt-get install -y dataset-fashion-mnist"), missing.getMessage());
        Files.createDirectories(dir.resolve("system/fashion-mnist"));
        assertEquals(dir.resolve("system/fashion-mnist"), locator.directory("fashion-mnist", ""));
        write(dir.resolve("train-images-idx3-ubyte"), idx(IdxReader.IMAGES_MAGIC, 1, 1, 1, 1), false);
        assertEquals(dir.resolve("train-images-idx3-ubyte"), locator.imagesFile(dir, "train"));
        DataException noTest = assertThrows(DataException.class, () -> locator.imagesFile(dir, "t10k"));
        assertTrue(noTest.getMessage().contains("t10k-images-idx3-ubyte.gz"), noTest.getMessage());
    }

    /** An IDX label file promising {@code n} labels and holding {@code written} of them: 0, 1, ..., 9, 0, ... */
    static byte[] labels(int magic, int n, int written) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(n);
        for (int i = 0; i < written; i++) {
            out.writeByte(i % 10);
        }
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void readsLabelsRawAndGzipAndNamesABadFile() throws IOException {
        byte[] content = labels(IdxReader.LABELS_MAGIC, 12, 12);
        byte[] raw = IdxReader.readLabels(write(dir.resolve("l-idx1-ubyte"), content, false));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, raw);
        assertArrayEquals(raw, IdxReader.readLabels(write(dir.resolve("l-idx1-ubyte.gz"), content, true)));

        Path images = write(dir.resolve("images-as-labels"), labels(IdxReader.IMAGES_MAGIC, 12, 12), false);
        DataException magic = assertThrows(DataException.class, () -> IdxReader.readLabels(images));
        assertEquals(images + ": not an IDX label file (magic 0x00000803, expected 0x00000801)", magic.getMessage());
        Path shortFile = write(dir.resolve("short"), labels(IdxReader.LABELS_MAGIC, 12, 5), false);
        DataException truncated = assertThrows(DataException.class, () -> IdxReader.readLabels(shortFile));
        assertTrue(truncated.getMessage().startsWith(shortFile + ": truncated"), truncated.getMessage());
    }
}
