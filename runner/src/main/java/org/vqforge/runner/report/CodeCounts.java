package org.vqforge.runner.report;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's codes.json read back: how often each code was chosen on the test set.
 *
 * @param images the test images encoded
 * @param counts per code index, as many as the codebook has codes
 */
public record CodeCounts(long images, long[] counts) {

    private static final Gson GSON = new Gson();

    /** @throws IOException for an unreadable file or one without a {@code counts} array of integers */
    public static CodeCounts read(Path file) throws IOException {
        try {
            JsonObject o = GSON.fromJson(Files.readString(file), JsonObject.class);
            JsonArray array = o.getAsJsonArray("counts");
            if (array == null) {
                throw new IOException(file + " has no \"counts\" array");
            }
            long[] counts = new long[array.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = array.get(i).getAsLong();
            }
            return new CodeCounts(o.has("images") ? o.get("images").getAsLong() : 0, counts);
        } catch (JsonParseException | IllegalStateException | ClassCastException | NumberFormatException e) {
            throw new IOException(file + " is not a code count file: " + e.getMessage(), e);
        }
    }

    /** How many codes were chosen at least once. */
    public int used() {
        return Charts.used(counts);
    }

    /** All choices: positions times images. */
    public long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
