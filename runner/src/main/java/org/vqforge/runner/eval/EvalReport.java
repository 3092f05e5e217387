package org.vqforge.runner.eval;

import org.vqforge.runner.files.AtomicFiles;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;


/** Prints and stores an {@link EvalResult}. The JSON keys are a stable interface for scripts. */
public final class EvalReport {

    // nulls are written: a skipped Frechet distance is "frechet": null, not a missing key
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

    private EvalReport() {}

    /**
     * The JSON object: mse, psnr, ssim, usage, perplexity, codes_used, codebook_size, images,
     * frechet (null when skipped), feature_network, and frechet_skipped (why) when skipped.
     */
    public static JsonObject json(EvalResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("mse", r.mse());
        o.addProperty("psnr", r.psnr());
        o.addProperty("ssim", r.ssim());
        o.addProperty("usage", r.usage());
        o.addProperty("perplexity", r.perplexity());
        o.addProperty("codes_used", r.codesUsed());
        o.addProperty("codebook_size", r.codebookSize());
        o.addProperty("images", r.images());
        FrechetResult f = r.frechet();
        o.addProperty("frechet", f.measured() ? (Double) f.distance() : null);
        o.addProperty("feature_network", f.network().toString());
        if (!f.measured()) {
            o.addProperty("frechet_skipped", f.skipped());
        }
        return o;
    }

    /** Two lines for people: the reconstruction measures, then the Fréchet distance or why it was skipped. */
    public static String text(EvalResult r) {
        FrechetResult f = r.frechet();
        return String.format("test images %d: MSE %.6f  PSNR %.2f dB  SSIM %.4f  codebook usage %.1f%% (%d/%d)  perplexity %.1f",
                r.images(), r.mse(), r.psnr(), r.ssim(), 100 * r.usage(), r.codesUsed(), r.codebookSize(), r.perplexity())
                + System.lineSeparator()
                + (f.measured() ? String.format("Frechet distance %.4f (features: %s)", f.distance(), f.network())
                        : "Frechet distance skipped: " + f.skipped());
    }

    /**
     * Writes the code counts, {@code {"codebookSize": K, "images": N, "counts": [...]}}, to {@code
     * file} atomically: the data behind a codebook-usage histogram.
     */
    public static void writeCodes(EvalResult r, Path file) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("codebookSize", r.codebookSize());
        o.addProperty("images", r.images());
        JsonArray counts = new JsonArray();
        for (long c : r.codeCounts()) {
            counts.add(c);
        }
        o.add("counts", counts);
        AtomicFiles.write(file, (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the JSON to {@code file} atomically. */
    public static void write(EvalResult r, Path file) throws IOException {
        AtomicFiles.write(file, (GSON.toJson(json(r)) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
