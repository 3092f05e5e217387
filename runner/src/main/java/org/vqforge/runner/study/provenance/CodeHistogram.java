package org.vqforge.runner.study.provenance;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.vqforge.api.quantizer.CodeUsage;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.ImageSet;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.model.VqModel;

/**
 * How often each code is chosen on the test set ({@code codes.json}): the data behind a
 * codebook-usage histogram. Encoder and quantizer only; the decoder is not needed for indices.
 */
public final class CodeHistogram {

    public static final String FILE = "codes.json";

    private CodeHistogram() {}

    /** Counts the codes of every test image. */
    public static CodeUsage count(VqModel model, ImageSet test, int batchSize) {
        CodeUsage usage = new CodeUsage(model.quantizer().codebookSize());
        for (int from = 0; from < test.count(); from += batchSize) {
            int n = Math.min(batchSize, test.count() - from);
            try (NDManager batch = model.manager().newSubManager()) {
                NDArray images = Batches.range(test, from, n, batch);
                NDArray latents = model.encode(images, false);
                latents.attach(batch);
                NDArray indices = model.quantizer().quantize(latents, StepInfo.evaluation()).indices();
                indices.attach(batch);
                usage.add(indices);
            }
        }
        return usage;
    }

    /** Writes {@code {"codebookSize": K, "images": N, "counts": [...]}}. */
    public static void write(VqModel model, ImageSet test, int batchSize, Path file) throws IOException {
        CodeUsage usage = count(model, test, batchSize);
        JsonObject o = new JsonObject();
        o.addProperty("codebookSize", model.quantizer().codebookSize());
        o.addProperty("images", test.count());
        JsonArray counts = new JsonArray();
        for (long c : usage.counts()) {
            counts.add(c);
        }
        o.add("counts", counts);
        AtomicFiles.write(file, (Provenance.GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
