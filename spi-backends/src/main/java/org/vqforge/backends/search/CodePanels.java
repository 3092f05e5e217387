package org.vqforge.backends.search;

import java.nio.FloatBuffer;

/**
 * A codebook laid out for {@link PanelKernel}: codes in panels of {@link #WIDTH}, each panel stored
 * dimension by dimension so that the kernel reads one dimension of all its codes as two
 * contiguous vectors. The last panel is padded with codes whose half squared norm is +infinity, so
 * they can never score best.
 *
 * @param values panel p, dimension i, code j of the panel at {@code (p * dimension + i) * WIDTH + j}
 * @param halfNorms ||e||^2 / 2 of each code, padding included
 * @param codes K, padding excluded
 * @param dimension D
 */
record CodePanels(float[] values, float[] halfNorms, int codes, int dimension) {

    /** Codes per panel: two 16-lane vectors. */
    static final int WIDTH = 32;

    /** The panels of a (K, D) row-major codebook. */
    static CodePanels of(FloatBuffer codebook, int codes, int dimension) {
        int panels = panels(codes);
        float[] values = new float[panels * WIDTH * dimension];
        float[] halfNorms = new float[panels * WIDTH];
        for (int code = 0; code < panels * WIDTH; code++) {
            if (code >= codes) {
                halfNorms[code] = Float.POSITIVE_INFINITY;
                continue;
            }
            int base = (code / WIDTH) * dimension * WIDTH + code % WIDTH;
            double squared = 0;
            for (int i = 0; i < dimension; i++) {
                float v = codebook.get(code * dimension + i);
                values[base + i * WIDTH] = v;
                squared += (double) v * v;
            }
            halfNorms[code] = (float) (squared / 2);
        }
        return new CodePanels(values, halfNorms, codes, dimension);
    }

    /** Panels for {@code codes} codes. */
    static int panels(int codes) {
        return (codes + WIDTH - 1) / WIDTH;
    }

    int panels() {
        return halfNorms.length / WIDTH;
    }
}
