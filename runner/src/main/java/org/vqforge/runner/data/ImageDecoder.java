package org.vqforge.runner.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes one PNG or JPEG file (ImageIO) into bytes of {@code channels x size x size}: converted
 * to grayscale or RGB, its shorter side resized to {@code size}, centre-cropped.
 *
 * <p>Grayscale files are read from their raster, not through {@link BufferedImage#getRGB}: Java
 * treats an 8-bit gray image as linear and would brighten it on the way to sRGB. RGB to
 * grayscale uses the ITU-R BT.601 luma weights (as PIL's {@code convert("L")}); an alpha channel
 * is dropped.
 */
final class ImageDecoder {

    /** A file ImageIO cannot turn into an image; the message says why. */
    static final class UnreadableImageException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableImageException(String reason) {
            super(reason);
        }
    }

    private final int size;
    private final int channels;

    /**
     * @param size height and width of the result
     * @param channels 1 (grayscale) or 3 (RGB)
     */
    ImageDecoder(int size, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        this.size = size;
        this.channels = channels;
    }

    int size() {
        return size;
    }

    int channels() {
        return channels;
    }

    /** Bytes in one decoded image. */
    int imageBytes() {
        return channels * size * size;
    }

    /** Decodes {@code file} into {@code out} at {@code offset} (channel-major). */
    void decode(Path file, byte[] out, int offset) throws UnreadableImageException {
        BufferedImage image = read(file);
        SquareResampler.Rows rows = isGray(image) ? grayRows(image) : colourRows(image);
        float[][] planes = SquareResampler.resample(rows, channels, image.getWidth(), image.getHeight(), size);
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < plane; i++) {
                out[offset + c * plane + i] = (byte) Math.max(0, Math.min(255, Math.round(planes[c][i])));
            }
        }
    }

    private static BufferedImage read(Path file) throws UnreadableImageException {
        BufferedImage image;
        try {
            // from a File, ImageIO reads in place (a stream would be cached in a temporary file)
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UnreadableImageException("cannot decode: " + e.getMessage());
        } catch (RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions on some damaged files
            throw new UnreadableImageException("cannot decode: " + e);
        }
        if (image == null) {
            throw new UnreadableImageException("not an image ImageIO can decode (PNG or JPEG expected)");
        }
        if (image.getWidth() < 1 || image.getHeight() < 1) {
            throw new UnreadableImageException("has no pixels");
        }
        return image;
    }

    /** One gray band, maybe with alpha, in a gray colour space. */
    private static boolean isGray(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getRaster().getNumBands() <= 2;
    }

    private SquareResampler.Rows grayRows(BufferedImage image) {
        Raster raster = image.getRaster();
        int width = image.getWidth();
        int bits = raster.getSampleModel().getSampleSize(0);
        double toByte = 255.0 / ((1L << bits) - 1);
        int[] samples = new int[width];
        return (y, out) -> {
            raster.getSamples(0, y, width, 1, 0, samples);
            for (int x = 0; x < width; x++) {
                float v = (float) (samples[x] * toByte);
                for (int c = 0; c < channels; c++) {
                    out[c][x] = v;
                }
            }
        };
    }

    private SquareResampler.Rows colourRows(BufferedImage image) {
        int width = image.getWidth();
        int[] argb = new int[width];
        return (y, out) -> {
            image.getRGB(0, y, width, 1, argb, 0, width);
            for (int x = 0; x < width; x++) {
                int r = (argb[x] >> 16) & 0xff;
                int g = (argb[x] >> 8) & 0xff;
                int b = argb[x] & 0xff;
                if (channels == 1) {
                    out[0][x] = (float) (0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    out[0][x] = r;
                    out[1][x] = g;
                    out[2][x] = b;
                }
            }
        };
    }
}
