package org.vqforge.runner.tokens;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a token file's JSON header says: the shape of its indices, what its planes are, the range of
 * the integers, the labels, and which tokenizer (run, config hash, checkpoint) made them from which
 * data. See {@link TokenFiles} for the layout of the file.
 *
 * @param count images
 * @param height rows of code positions per image
 * @param width columns of code positions per image
 * @param planes indices per position: 1, or the levels of a residual quantizer, or the heads of a
 *     product quantizer
 * @param planeKind what the planes are: {@code none} (one plane), {@code levels}, {@code heads}, or
 *     {@code planes} for another quantizer with several indices per position
 * @param codebookSize every index is in [0, codebookSize)
 * @param classes every label is in [0, classes); 0 when the file holds no labels
 * @param indexType how each index is stored
 * @param labelType how each label is stored
 * @param tokenizer the run whose encoder and quantizer made the indices
 * @param dataset the dataset name ({@code data.dataset})
 * @param split the part of the dataset
 */
public record TokenHeader(int count, int height, int width, int planes, String planeKind, int codebookSize,
        int classes, IntType indexType, IntType labelType, Tokenizer tokenizer, String dataset, Split split) {

    /** The {@code format} value of every token file. */
    public static final String FORMAT = "vqforge-tokens";

    /** The version this code writes and reads. */
    public static final int VERSION = 1;

    /**
     * The tokenizer: a run directory's last checkpoint.
     *
     * @param run the run directory, as given when encoding
     * @param configHash the SHA-256 of the run's config that its checkpoint records
     * @param checkpointStep the step of the checkpoint
     * @param quantizer the quantizer plugin's name ({@code model.quantizer.type})
     */
    public record Tokenizer(String run, String configHash, long checkpointStep, String quantizer) {

        public Tokenizer {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(configHash, "configHash");
            Objects.requireNonNull(quantizer, "quantizer");
        }

        /** Whether {@code other} is the same tokenizer: the same config hash and checkpoint step (wherever the run lies). */
        public boolean sameAs(Tokenizer other) {
            return configHash.equals(other.configHash) && checkpointStep == other.checkpointStep;
        }
    }

    public TokenHeader {
        if (count < 0 || height < 1 || width < 1 || planes < 1) {
            throw new IllegalArgumentException("shape [" + count + ", " + height + ", " + width + ", " + planes
                    + "] must have count >= 0 and height, width, planes >= 1");
        }
        if (codebookSize < 1 || !indexType.holds(codebookSize)) {
            throw new IllegalArgumentException("codebookSize " + codebookSize + " must be at least 1 and fit in "
                    + indexType.numpyName());
        }
        if (classes < 0 || !labelType.holds(classes)) {
            throw new IllegalArgumentException("classes " + classes + " must be at least 0 and fit in " + labelType.numpyName());
        }
        Objects.requireNonNull(planeKind, "planeKind");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
    }

    /** A header whose integers are stored in the narrowest types that hold them. */
    public static TokenHeader of(int count, int height, int width, int planes, String planeKind, int codebookSize,
            int classes, Tokenizer tokenizer, String dataset, Split split) {
        return new TokenHeader(count, height, width, planes, planeKind, codebookSize, classes,
                IntType.smallestFor(codebookSize), IntType.smallestFor(Math.max(classes, 1)), tokenizer, dataset, split);
    }

    /** Indices per image: height x width x planes. */
    public int indicesPerImage() {
        return Math.multiplyExact(Math.multiplyExact(height, width), planes);
    }

    /** Whether the file holds a label per image. */
    public boolean hasLabels() {
        return classes > 0;
    }

    /** The bytes of the indices and labels after the header. */
    public long dataBytes() {
        long indices = (long) count * indicesPerImage() * indexType.bytes();
        return indices + (hasLabels() ? (long) count * labelType.bytes() : 0);
    }

    /** The same header for {@code n} images (a part of the file). */
    public TokenHeader withCount(int n) {
        return new TokenHeader(n, height, width, planes, planeKind, codebookSize, classes, indexType, labelType,
                tokenizer, dataset, split);
    }

    /** The header as the file stores it. */
    JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("version", VERSION);
        JsonArray shape = new JsonArray();
        shape.add(count);
        shape.add(height);
        shape.add(width);
        shape.add(planes);
        o.add("shape", shape);
        o.addProperty("planeKind", planeKind);
        o.addProperty("codebookSize", codebookSize);
        o.addProperty("dtype", indexType.numpyName());
        o.addProperty("classes", classes);
        o.addProperty("labelDtype", labelType.numpyName());
        JsonObject t = new JsonObject();
        t.addProperty("run", tokenizer.run());
        t.addProperty("configHash", tokenizer.configHash());
        t.addProperty("checkpointStep", tokenizer.checkpointStep());
        t.addProperty("quantizer", tokenizer.quantizer());
        o.add("tokenizer", t);
        o.addProperty("dataset", dataset);
        o.addProperty("split", split.label());
        return o;
    }

    /**
     * Reads a header that {@link #toJson} wrote.
     *
     * @throws TokenFileException naming {@code file} and the key that is missing or wrong
     */
    static TokenHeader fromJson(JsonObject o, Path file) {
        String format = string(o, "format", file);
        if (!FORMAT.equals(format)) {
            throw new TokenFileException(file, "not a token file (format '" + format + "', expected '" + FORMAT + "')");
        }
        int version = integer(o, "version", file);
        if (version != VERSION) {
            throw new TokenFileException(file, "token file version " + version + "; this vqforge reads version " + VERSION);
        }
        JsonElement shapeElement = o.get("shape");
        if (shapeElement == null || !shapeElement.isJsonArray() || shapeElement.getAsJsonArray().size() != 4) {
            throw new TokenFileException(file, "header key 'shape' must be [count, height, width, planes]");
        }
        int[] shape = new int[4];
        for (int i = 0; i < 4; i++) {
            shape[i] = asInt(shapeElement.getAsJsonArray().get(i), "shape", file);
        }
        JsonElement t = o.get("tokenizer");
        if (t == null || !t.isJsonObject()) {
            throw new TokenFileException(file, "header lacks the object 'tokenizer'");
        }
        JsonObject tok = t.getAsJsonObject();
        Tokenizer tokenizer = new Tokenizer(string(tok, "run", file), string(tok, "configHash", file),
                number(tok.get("checkpointStep"), "checkpointStep", file), string(tok, "quantizer", file));
        Split split;
        try {
            split = Split.named(string(o, "split", file), List.of(Split.values()));
        } catch (IllegalArgumentException e) {
            throw new TokenFileException(file, "header key 'split': " + e.getMessage());
        }
        try {
            return new TokenHeader(shape[0], shape[1], shape[2], shape[3], string(o, "planeKind", file),
                    integer(o, "codebookSize", file), integer(o, "classes", file), type(o, "dtype", file),
                    type(o, "labelDtype", file), tokenizer, string(o, "dataset", file), split);
        } catch (IllegalArgumentException e) {
            throw new TokenFileException(file, "header: " + e.getMessage());
        }
    }

    private static IntType type(JsonObject o, String key, Path file) {
        String name = string(o, key, file);
        return IntType.ofNumpyName(name).orElseThrow(() -> new TokenFileException(file,
                "header key '" + key + "' is '" + name + "'; allowed: " + IntType.names()));
    }

    private static String string(JsonObject o, String key, Path file) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new TokenFileException(file, "header lacks the string '" + key + "'");
        }
        return e.getAsString();
    }

    private static int integer(JsonObject o, String key, Path file) {
        return asInt(o.get(key), key, file);
    }

    private static int asInt(JsonElement e, String key, Path file) {
        long value = number(e, key, file);
        if (value != (int) value) {
            throw new TokenFileException(file, "header key '" + key + "' is " + e + ", not a 32-bit integer");
        }
        return (int) value;
    }

    private static long number(JsonElement e, String key, Path file) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new TokenFileException(file, "header lacks the integer '" + key + "'");
        }
        try {
            return e.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
        } catch (ArithmeticException x) {
            throw new TokenFileException(file, "header key '" + key + "' is " + e + ", not an integer");
        }
    }
}
