package org.vqforge.runner.tokens;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.vqforge.runner.files.AtomicFiles;

/**
 * Reads and writes token files ({@value #EXTENSION}). The layout, all integers little-endian:
 *
 * <pre>
 * bytes 0-7     the magic "VQFTOKEN" (ASCII)
 * bytes 8-11    n, the length of the header in bytes (uint32)
 * n bytes       the header: one JSON object in UTF-8 ({@link TokenHeader}), padded with spaces and a
 *               final newline so that the data starts at a multiple of 16 bytes
 * indices       count x height x width x planes integers of the header's "dtype", position-major,
 *               plane-minor (see {@link Tokens})
 * labels        count integers of "labelDtype", present only when "classes" is above 0
 * </pre>
 *
 * Nothing follows the labels. Files are written whole or not at all ({@link AtomicFiles}).
 */
public final class TokenFiles {

    /** The usual file name ending. */
    public static final String EXTENSION = ".vqft";

    /** The first bytes of every token file. */
    public static final String MAGIC = "VQFTOKEN";

    private static final int PREFIX = MAGIC.length() + Integer.BYTES;
    private static final int ALIGNMENT = 16;
    private static final int MAX_HEADER = 1 << 20;
    private static final int CHUNK = 1 << 16;

    private TokenFiles() {}

    /** Writes {@code tokens} to {@code file}: through a temporary file and a rename, so never half a file. */
    public static void write(Path file, Tokens tokens) throws IOException {
        TokenHeader h = tokens.header();
        AtomicFiles.write(file, out -> {
            out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
            byte[] json = padded(h.toJson().toString());
            out.write(ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(json.length).array());
            out.write(json);
            writeInts(out, tokens.indices(), h.indexType());
            writeInts(out, tokens.labels(), h.labelType());
        });
    }

    /**
     * Reads a whole token file.
     *
     * @throws TokenFileException naming the file when it is missing, not a token file, of another
     *     version, truncated or longer than its header says, or holds an index or label out of range
     */
    public static Tokens read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), CHUNK))) {
            TokenHeader h = header(in, file);
            int[] indices = readInts(in, Math.multiplyExact(h.count(), h.indicesPerImage()), h.indexType(), file);
            int[] labels = readInts(in, h.hasLabels() ? h.count() : 0, h.labelType(), file);
            try {
                return new Tokens(h, indices, labels);
            } catch (IllegalArgumentException e) {
                throw new TokenFileException(file, e.getMessage());
            }
        } catch (NoSuchFileException e) {
            throw new TokenFileException(file, "no such file");
        } catch (IOException e) {
            throw new TokenFileException(file, "cannot read: " + e.getMessage());
        }
    }

    /** Reads only the header (checking, too, that the file is as long as it says). */
    public static TokenHeader readHeader(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return header(in, file);
        } catch (NoSuchFileException e) {
            throw new TokenFileException(file, "no such file");
        } catch (IOException e) {
            throw new TokenFileException(file, "cannot read: " + e.getMessage());
        }
    }

    private static TokenHeader header(DataInputStream in, Path file) throws IOException {
        long size = Files.size(file);
        byte[] prefix = new byte[PREFIX];
        int got = in.readNBytes(prefix, 0, PREFIX);
        if (got < MAGIC.length() || !Arrays.equals(prefix, 0, MAGIC.length(), MAGIC.getBytes(StandardCharsets.US_ASCII),
                0, MAGIC.length())) {
            throw new TokenFileException(file, "not a token file (it does not start with " + MAGIC + ")");
        }
        if (got < PREFIX) {
            throw new TokenFileException(file, "truncated: the file ends inside its header length");
        }
        long n = Integer.toUnsignedLong(ByteBuffer.wrap(prefix, MAGIC.length(), Integer.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (n > MAX_HEADER) {
            throw new TokenFileException(file, "implausible header length " + n + " bytes (at most " + MAX_HEADER + ")");
        }
        if (PREFIX + n > size) {
            throw new TokenFileException(file, "truncated: the header of " + n + " bytes ends after the file ("
                    + size + " bytes)");
        }
        byte[] json = in.readNBytes((int) n);
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new TokenFileException(file, "the header is not JSON: " + e.getMessage());
        }
        if (!parsed.isJsonObject()) {
            throw new TokenFileException(file, "the header is not a JSON object");
        }
        TokenHeader h = TokenHeader.fromJson(parsed.getAsJsonObject(), file);
        long expected = PREFIX + n + h.dataBytes();
        if (size < expected) {
            throw new TokenFileException(file, "truncated: the header promises " + h.dataBytes()
                    + " bytes of indices and labels, the file holds " + (size - PREFIX - n) + " (" + size + " bytes, "
                    + expected + " expected)");
        }
        if (size > expected) {
            throw new TokenFileException(file, (size - expected) + " bytes follow the data the header describes ("
                    + size + " bytes, " + expected + " expected)");
        }
        return h;
    }

    /** The header's JSON, padded with spaces and a newline so that the data after it is aligned. */
    private static byte[] padded(String json) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        int total = PREFIX + raw.length + 1;
        int length = raw.length + 1 + (ALIGNMENT - total % ALIGNMENT) % ALIGNMENT;
        byte[] out = Arrays.copyOf(raw, length);
        Arrays.fill(out, raw.length, length - 1, (byte) ' ');
        out[length - 1] = '\n';
        return out;
    }

    private static void writeInts(OutputStream out, int[] values, IntType type) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < values.length; from += CHUNK) {
            buffer.clear();
            int to = Math.min(values.length, from + CHUNK);
            for (int i = from; i < to; i++) {
                switch (type) {
                    case U1 -> buffer.put((byte) values[i]);
                    case U2 -> buffer.putShort((short) values[i]);
                    case I4 -> buffer.putInt(values[i]);
                }
            }
            out.write(buffer.array(), 0, buffer.position());
        }
    }

    private static int[] readInts(InputStream in, int count, IntType type, Path file) throws IOException {
        int[] values = new int[count];
        byte[] chunk = new byte[CHUNK * type.bytes()];
        ByteBuffer buffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < count; from += CHUNK) {
            int to = Math.min(count, from + CHUNK);
            int bytes = (to - from) * type.bytes();
            if (in.readNBytes(chunk, 0, bytes) < bytes) {
                throw new EOFException("the file ended early (it changed while being read?)");
            }
            buffer.clear();
            for (int i = from; i < to; i++) {
                values[i] = switch (type) {
                    case U1 -> buffer.get() & 0xff;
                    case U2 -> buffer.getShort() & 0xffff;
                    case I4 -> buffer.getInt();
                };
            }
        }
        return values;
    }
}
