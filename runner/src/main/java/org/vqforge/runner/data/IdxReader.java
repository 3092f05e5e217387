package org.vqforge.runner.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads IDX image files (the MNIST format), gzip-compressed or raw, detected by content. */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int MAX_DIMENSION = 1 << 16;

    private IdxReader() {}

    /** Reads an image file into an {@link ImageSet} of one channel. */
    public static ImageSet readImages(Path file) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            requireMagic(in, file, IMAGES_MAGIC, "image");
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows < 1 || cols < 1 || rows > MAX_DIMENSION || cols > MAX_DIMENSION
                    || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new DataException(file, "implausible header: " + count + " images of " + rows + "x" + cols);
            }
            byte[] pixels = new byte[count * rows * cols];
            try {
                in.readFully(pixels);
            } catch (EOFException e) {
                throw new DataException(file, "truncated: the header promises " + count + " images of "
                        + rows + "x" + cols + " (" + pixels.length + " bytes of pixels) but the file ends early");
            }
            return new ImageSet(pixels, count, 1, rows, cols);
        } catch (NoSuchFileException e) {
            throw new DataException(file, "no such file");
        } catch (EOFException e) {
            throw new DataException(file, "truncated: the file ends inside the IDX header");
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage());
        }
    }

    /** Reads a label file: one unsigned byte per image. */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = new DataInputStream(open(file))) {
            requireMagic(in, file, LABELS_MAGIC, "label");
            int count = in.readInt();
            if (count < 0 || count > Integer.MAX_VALUE - 8) {
                throw new DataException(file, "implausible header: " + count + " labels");
            }
            byte[] labels = new byte[count];
            try {
                in.readFully(labels);
            } catch (EOFException e) {
                throw new DataException(file, "truncated: the header promises " + count + " labels but the file ends early");
            }
            return labels;
        } catch (NoSuchFileException e) {
            throw new DataException(file, "no such file");
        } catch (EOFException e) {
            throw new DataException(file, "truncated: the file ends inside the IDX header");
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage());
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        return gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    private static void requireMagic(DataInputStream in, Path file, int expected, String kind) throws IOException {
        int magic = in.readInt();
        if (magic != expected) {
            throw new DataException(file, String.format(
                    "not an IDX %s file (magic 0x%08X, expected 0x%08X)", kind, magic, expected));
        }
    }
}
