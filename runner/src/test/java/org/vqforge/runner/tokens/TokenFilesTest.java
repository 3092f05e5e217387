package org.vqforge.runner.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFilesTest {

    private static final TokenHeader.Tokenizer TOKENIZER =
            new TokenHeader.Tokenizer("runs/r", "ab12", 468, "residual");

    @TempDir
    Path dir;

    private static Tokens random(int count, int height, int width, int planes, int codebook, int classes, long seed) {
        TokenHeader h = TokenHeader.of(count, height, width, planes, planes == 1 ? "none" : "levels", codebook,
                classes, TOKENIZER, "fashion-mnist", Split.TEST);
        Random random = new Random(seed);
        int[] indices = random.ints((long) count * height * width * planes, 0, codebook).toArray();
        int[] labels = classes == 0 ? new int[0] : random.ints(count, 0, classes).toArray();
        return new Tokens(h, indices, labels);
    }

    @Test
    void multiPlaneTokensWithLabelsComeBackAsWritten() throws IOException {
        Tokens tokens = random(5, 3, 4, 2, 1000, 10, 1);
        Path file = dir.resolve("t.vqft");
        TokenFiles.write(file, tokens);
        Tokens back = TokenFiles.read(file);
        assertEquals(tokens.header(), back.header());
        assertArrayEquals(tokens.indices(), back.indices());
        assertArrayEquals(tokens.labels(), back.labels());
        assertEquals(IntType.U2, back.header().indexType(), "1000 codes fit in 16 bits");
        // the documented layout, byte by byte: magic, header length, aligned JSON, indices, labels
        byte[] raw = Files.readAllBytes(file);
        assertEquals("VQFTOKEN", new String(raw, 0, 8, StandardCharsets.US_ASCII));
        int n = ByteBuffer.wrap(raw, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0, (12 + n) % 16, "the data starts 16-byte aligned");
        String json = new String(raw, 12, n, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"format\":\"vqforge-tokens\",\"version\":1,\"shape\":[5,3,4,2]"), json);
        assertTrue(json.endsWith("\n"));
        assertEquals(12 + n + 5 * 3 * 4 * 2 * 2 + 5, raw.length);
        ByteBuffer data = ByteBuffer.wrap(raw, 12 + n, raw.length - 12 - n).order(ByteOrder.LITTLE_ENDIAN);
        // image 1, y 2, x 3, plane 1: position-major, plane-minor
        int at = ((1 * 3 + 2) * 4 + 3) * 2 + 1;
        assertEquals(tokens.index(1, 2, 3, 1), data.getShort(12 + n + at * 2) & 0xffff);
        assertEquals(tokens.indices()[at], tokens.index(1, 2, 3, 1));
        assertEquals(tokens.labels()[4], raw[raw.length - 1] & 0xff);
    }

    @Test
    void theNarrowestIntegerTypeIsChosenAndEachReadsBack() throws IOException {
        for (int codebook : List.of(256, 257, 65536, 65537)) {
            Tokens tokens = random(3, 2, 2, 1, codebook, 0, codebook);
            // the largest index the type must hold
            tokens.indices()[0] = codebook - 1;
            Path file = dir.resolve("c" + codebook + ".vqft");
            TokenFiles.write(file, tokens);
            Tokens back = TokenFiles.read(file);
            assertArrayEquals(tokens.indices(), back.indices(), "codebook " + codebook);
            assertFalse(back.header().hasLabels());
            assertEquals(0, back.labels().length);
            IntType expected = codebook <= 256 ? IntType.U1 : codebook <= 65536 ? IntType.U2 : IntType.I4;
            assertEquals(expected, back.header().indexType(), "codebook " + codebook);
        }
    }

    @Test
    void aTruncatedFileIsRefusedByName() throws IOException {
        Path file = dir.resolve("cut.vqft");
        TokenFiles.write(file, random(4, 2, 2, 1, 512, 10, 2));
        byte[] raw = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(raw, raw.length - 3));
        TokenFileException e = assertThrows(TokenFileException.class, () -> TokenFiles.read(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
        Files.write(file, Arrays.copyOf(raw, 30));
        e = assertThrows(TokenFileException.class, () -> TokenFiles.read(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
        byte[] longer = Arrays.copyOf(raw, raw.length + 2);
        Files.write(file, longer);
        e = assertThrows(TokenFileException.class, () -> TokenFiles.readHeader(file));
        assertTrue(e.getMessage().contains("2 bytes follow"), e.getMessage());
    }

    @Test
    void aWrongMagicVersionOrIndexIsRefusedByName() throws IOException {
        Path file = dir.resolve("bad.vqft");
        TokenFiles.write(file, random(2, 2, 2, 1, 512, 0, 3));
        byte[] raw = Files.readAllBytes(file);

        byte[] magic = raw.clone();
        magic[0] = 'X';
        Files.write(file, magic);
        TokenFileException e = assertThrows(TokenFileException.class, () -> TokenFiles.read(file));
        assertEquals(file + ": not a token file (it does not start with VQFTOKEN)", e.getMessage());

        String text = new String(raw, StandardCharsets.ISO_8859_1);
        Files.write(file, text.replace("\"version\":1", "\"version\":7").getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(TokenFileException.class, () -> TokenFiles.read(file));
        assertEquals(file + ": token file version 7; this vqforge reads version 1", e.getMessage());

        Files.write(file, text.replace("\"dtype\":\"<u2\"", "\"dtype\":\"<f4\"").getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(TokenFileException.class, () -> TokenFiles.read(file));
        assertTrue(e.getMessage().contains("'dtype' is '<f4'; allowed: |u1, <u2, <i4"), e.getMessage());

        // index 600 in a codebook of 512
        byte[] outOfRange = raw.clone();
        int n = ByteBuffer.wrap(raw, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteBuffer.wrap(outOfRange).order(ByteOrder.LITTLE_ENDIAN).putShort(12 + n + 2 * 5, (short) 600);
        Files.write(file, outOfRange);
        e = assertThrows(TokenFileException.class, () -> TokenFiles.read(file));
        assertEquals(file + ": index 5 is 600, outside [0, 512)", e.getMessage());

        Path missing = dir.resolve("none.vqft");
        e = assertThrows(TokenFileException.class, () -> TokenFiles.read(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void rangesKeepTheirLabels() {
        Tokens tokens = random(6, 2, 3, 2, 300, 4, 5);
        Tokens part = tokens.range(2, 3);
        assertEquals(3, part.header().count());
        assertEquals(tokens.index(3, 1, 2, 1), part.index(1, 1, 2, 1));
        assertArrayEquals(Arrays.copyOfRange(tokens.labels(), 2, 5), part.labels());
        assertThrows(IllegalArgumentException.class, () -> tokens.range(5, 2));
        int[] sequence = tokens.sequence(4);
        assertEquals(2 * 3 * 2, sequence.length);
        assertEquals(tokens.index(4, 1, 0, 1), sequence[(1 * 3 + 0) * 2 + 1]);
    }
}
