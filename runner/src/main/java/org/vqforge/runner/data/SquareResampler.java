package org.vqforge.runner.data;

/**
 * Resizes an image so that its shorter side is {@code size} and keeps the centred
 * {@code size x size} square. Done as one resampling of the centred square of the source (its
 * offset rounded down), separably: rows first, then columns. Shrinking averages the source area
 * each output pixel covers (no aliasing from skipped pixels); enlarging interpolates bilinearly
 * between pixel centres.
 */
final class SquareResampler {

    /** Gives one source row at a time, as values per channel. */
    interface Rows {
        /** Fills {@code out[c][x]} with channel c of row {@code y}, for every column x. */
        void row(int y, float[][] out);
    }

    /** For each output index: the source indices it reads and their weights (summing to 1). */
    record Taps(int[][] index, double[][] weight) {}

    private SquareResampler() {}

    /**
     * The centred square of a {@code width x height} image, resampled to {@code size x size}.
     *
     * @return {@code [channel][y * size + x]}
     */
    static float[][] resample(Rows rows, int channels, int width, int height, int size) {
        int side = Math.min(width, height);
        int left = (width - side) / 2;
        int top = (height - side) / 2;
        Taps across = taps(side, size, left);
        Taps down = taps(side, size, top);
        float[][] source = new float[channels][width];
        // rows of the square, already resampled horizontally
        double[][][] narrow = new double[channels][side][size];
        for (int y = 0; y < side; y++) {
            rows.row(top + y, source);
            for (int c = 0; c < channels; c++) {
                apply(across, source[c], narrow[c][y]);
            }
        }
        float[][] out = new float[channels][size * size];
        double[] column = new double[side];
        for (int c = 0; c < channels; c++) {
            for (int x = 0; x < size; x++) {
                for (int y = 0; y < side; y++) {
                    column[y] = narrow[c][y][x];
                }
                for (int y = 0; y < size; y++) {
                    double v = 0;
                    int[] index = down.index()[y];
                    double[] weight = down.weight()[y];
                    for (int k = 0; k < index.length; k++) {
                        v += weight[k] * column[index[k] - top];
                    }
                    out[c][y * size + x] = (float) v;
                }
            }
        }
        return out;
    }

    private static void apply(Taps taps, float[] source, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double v = 0;
            int[] index = taps.index()[i];
            double[] weight = taps.weight()[i];
            for (int k = 0; k < index.length; k++) {
                v += weight[k] * source[index[k]];
            }
            out[i] = v;
        }
    }

    /** The taps mapping {@code side} source pixels starting at {@code offset} onto {@code size} pixels. */
    static Taps taps(int side, int size, int offset) {
        return side >= size ? areaTaps(side, size, offset) : bilinearTaps(side, size, offset);
    }

    /** Output pixel i covers the source interval [i, i + 1) * side / size: each source pixel weighs by its overlap. */
    private static Taps areaTaps(int side, int size, int offset) {
        int[][] index = new int[size][];
        double[][] weight = new double[size][];
        double scale = (double) side / size;
        for (int i = 0; i < size; i++) {
            double from = i * scale;
            double to = (i + 1) * scale;
            int first = (int) Math.floor(from);
            int last = Math.min(side - 1, (int) Math.ceil(to) - 1);
            int n = last - first + 1;
            index[i] = new int[n];
            weight[i] = new double[n];
            for (int k = 0; k < n; k++) {
                int s = first + k;
                double overlap = Math.min(to, s + 1) - Math.max(from, s);
                index[i][k] = offset + s;
                weight[i][k] = overlap / scale;
            }
        }
        return new Taps(index, weight);
    }

    /** Pixel centres are aligned ((i + 0.5) * side / size - 0.5); positions beyond the edges take the edge pixel. */
    private static Taps bilinearTaps(int side, int size, int offset) {
        int[][] index = new int[size][];
        double[][] weight = new double[size][];
        double scale = (double) side / size;
        for (int i = 0; i < size; i++) {
            double at = Math.max(0, Math.min(side - 1, (i + 0.5) * scale - 0.5));
            int below = (int) Math.floor(at);
            int above = Math.min(side - 1, below + 1);
            double t = at - below;
            index[i] = new int[] {offset + below, offset + above};
            weight[i] = new double[] {1 - t, t};
        }
        return new Taps(index, weight);
    }
}
