package org.vqforge.architectures.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class UpsamplingTest {

    private static final int B = 2;
    private static final int C = 3;
    private static final int H = 4;
    private static final int W = 5;

    private static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    @Test
    void repeatsEachPixelInA2x2Square() {
        float[] in = random(B * C * H * W, 1);
        float[] expected = new float[B * C * 4 * H * W];
        for (int bc = 0; bc < B * C; bc++) {
            for (int y = 0; y < 2 * H; y++) {
                for (int x = 0; x < 2 * W; x++) {
                    expected[(bc * 2 * H + y) * 2 * W + x] = in[(bc * H + y / 2) * W + x / 2];
                }
            }
        }
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDArray up = Upsampling.nearest2x(context.manager().create(in, new Shape(B, C, H, W)));
            assertShape(up, B, C, 2 * H, 2 * W);
            assertClose(expected, up, 0, "nearest x2");
        }
    }

    @Test
    void gradientSumsTheOutputGradientsOfEachSquare() {
        float[] w = random(B * C * 4 * H * W, 2);
        float[] expected = new float[B * C * H * W];
        for (int bc = 0; bc < B * C; bc++) {
            for (int y = 0; y < 2 * H; y++) {
                for (int x = 0; x < 2 * W; x++) {
                    expected[(bc * H + y / 2) * W + x / 2] += w[(bc * 2 * H + y) * 2 * W + x];
                }
            }
        }
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDArray x = context.manager().create(random(B * C * H * W, 3), new Shape(B, C, H, W));
            x.setRequiresGradient(true);
            NDArray weights = context.manager().create(w, new Shape(B, C, 2 * H, 2 * W));
            float[] g = Tensors.gradients(() -> Upsampling.nearest2x(x).mul(weights).sum(), x)[0];
            assertClose(expected, g, 1e-5, "d sum(w up(x))/dx");
        }
    }

    @Test
    void blockReportsTheDoubledShapeAndRejectsNonImages() {
        Shape[] out = Upsampling.nearest2xBlock().getOutputShapes(new Shape[] {new Shape(2, 8, 7, 7)});
        assertEquals(new Shape(2, 8, 14, 14), out[0]);
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Upsampling.nearest2x(context.manager().zeros(new Shape(3, 4, 4))));
        }
    }
}
