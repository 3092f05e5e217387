package org.vqforge.runner.tokens;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.data.Batches;
import org.vqforge.runner.data.ImageSet;
import org.vqforge.runner.data.Labels;
import org.vqforge.runner.model.VqModel;

/**
 * Images to code indices through a model's encoder and quantizer, and indices back to images
 * through the quantizer's {@code lookup} and the decoder; both in evaluation mode (nothing of the
 * model changes), a batch at a time, each batch on its own sub-manager that is closed after it.
 */
public final class TokenCodec {

    /** What several indices per position are, by quantizer plugin name; any other is "planes". */
    private static final Map<String, String> PLANE_KINDS = Map.of("residual", "levels", "product", "heads");

    private TokenCodec() {}

    /**
     * The header of the tokens {@code model} makes of {@code count} images; the tokenizer's
     * quantizer name says what several planes are.
     */
    public static TokenHeader header(VqModel model, int count, int classes, TokenHeader.Tokenizer tokenizer,
            String dataset, Split split) {
        Shape latent = model.latentShape();
        Shape indices = model.quantizer().indexShape(latent);
        int planes = indices.dimension() == 3 ? 1 : Math.toIntExact(indices.get(1));
        String kind = planes == 1 ? "none" : PLANE_KINDS.getOrDefault(tokenizer.quantizer(), "planes");
        return TokenHeader.of(count, Math.toIntExact(latent.get(2)), Math.toIntExact(latent.get(3)), planes, kind,
                model.quantizer().codebookSize(), classes, tokenizer, dataset, split);
    }

    /**
     * Encodes every image of {@code images}, {@code batchSize} at a time.
     *
     * @param labels their labels, or null when the dataset has none
     */
    public static Tokens encode(VqModel model, ImageSet images, Labels labels, int batchSize,
            TokenHeader.Tokenizer tokenizer, String dataset, Split split) {
        TokenHeader h = header(model, images.count(), labels == null ? 0 : labels.classes(), tokenizer, dataset, split);
        int per = h.indicesPerImage();
        int[] indices = new int[Math.multiplyExact(images.count(), per)];
        for (int from = 0; from < images.count(); from += batchSize) {
            int n = Math.min(batchSize, images.count() - from);
            try (NDManager batch = model.manager().newSubManager()) {
                NDArray latents = model.encode(Batches.range(images, from, n, batch), false);
                NDArray codes = model.quantizer().quantize(latents, StepInfo.evaluation()).indices();
                System.arraycopy(positionMajor(codes, h), 0, indices, from * per, n * per);
            }
        }
        int[] values = labels == null ? new int[0] : labels.requireCount(images.count()).values();
        return new Tokens(h, indices, values);
    }

    /**
     * Decodes images {@code [from, from + count)} of {@code tokens}: pixels (count, channels,
     * height, width) in row-major order, clamped to [0, 1] as reconstructions are.
     */
    public static float[] decode(VqModel model, Tokens tokens, int from, int count, int batchSize) {
        TokenHeader h = tokens.header();
        if (from < 0 || count < 1 || from + count > h.count()) {
            throw new IllegalArgumentException("images " + from + " to " + (from + count - 1) + " are not all in [0, "
                    + h.count() + ")");
        }
        int per = h.indicesPerImage();
        float[] images = null;
        int imageSize = 0;
        for (int done = 0; done < count; done += batchSize) {
            int n = Math.min(batchSize, count - done);
            try (NDManager batch = model.manager().newSubManager()) {
                long[] part = new long[n * per];
                int start = (from + done) * per;
                for (int i = 0; i < part.length; i++) {
                    part[i] = tokens.indices()[start + i];
                }
                NDArray stored = batch.create(part, new Shape(n, h.height(), h.width(), h.planes()));
                NDArray codes = h.planes() == 1 ? stored.reshape(n, h.height(), h.width())
                        : stored.transpose(0, 3, 1, 2);
                float[] pixels = model.decode(model.quantizer().lookup(codes), false).clip(0f, 1f).toFloatArray();
                if (images == null) {
                    imageSize = pixels.length / n;
                    images = new float[Math.multiplyExact(count, imageSize)];
                }
                System.arraycopy(pixels, 0, images, done * imageSize, pixels.length);
            }
        }
        return images;
    }

    /** Indices (B, H, W) or (B, P, H, W) as the file stores them: (B, H, W, P) flattened. */
    private static int[] positionMajor(NDArray codes, TokenHeader h) {
        Shape s = codes.getShape();
        NDArray ordered = s.dimension() == 3 ? codes : codes.transpose(0, 2, 3, 1);
        int[] flat = ordered.toType(DataType.INT32, true).toIntArray();
        long expected = s.get(0) * (long) h.indicesPerImage();
        if (flat.length != expected) {
            throw new IllegalStateException("the quantizer returned indices of shape " + s + "; its indexShape says "
                    + Arrays.toString(new int[] {h.height(), h.width(), h.planes()}) + " per image");
        }
        return flat;
    }
}
