package org.vqforge.losses.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.loss.ReconstructionLoss;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class PixelLossTest {

    private static final Shape SHAPE = new Shape(2, 1, 2, 2);
    private static final float[] RECONSTRUCTION = {0.5f, -1, 2, 0, 1.5f, 3, -0.5f, 0.25f};
    private static final float[] TARGET = {0, 1, 2.5f, -1, 1, 3.5f, 0.5f, 0};
    /** reconstruction - target; no zeros, so |d| is differentiable everywhere here. */
    private static final float[] DIFF = {0.5f, -2, -0.5f, 1, 0.5f, -0.5f, -1, 0.25f};

    private TestBuildContext context;
    private NDArray x;
    private NDArray y;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
        x = context.manager().create(RECONSTRUCTION, SHAPE);
        y = context.manager().create(TARGET, SHAPE);
        x.setRequiresGradient(true);
        y.setRequiresGradient(true);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private ReconstructionLoss build(LossProvider provider) {
        return assertInstanceOf(ReconstructionLoss.class, provider.create(provider.schema().defaults(), context));
    }

    private ReconstructionLoss mse() {
        return build(new MseLossProvider());
    }

    private ReconstructionLoss l1() {
        return build(new L1LossProvider());
    }

    @Test
    void mseIsTheMeanOfTheSquaredDifferences() {
        // squares 0.25 + 4 + 0.25 + 1 + 0.25 + 0.25 + 1 + 0.0625 = 7.0625, over 8 elements
        assertEquals(7.0625 / 8, mse().compute(x, y).getFloat(), 1e-7);
        assertEquals(0, mse().compute(x, x).getFloat(), 0);
    }

    @Test
    void l1IsTheMeanOfTheAbsoluteDifferences() {
        // 0.5 + 2 + 0.5 + 1 + 0.5 + 0.5 + 1 + 0.25 = 6.25, over 8 elements
        assertEquals(6.25 / 8, l1().compute(x, y).getFloat(), 1e-7);
    }

    @Test
    void mseGradientIsTwiceTheDifferenceOverTheCount() {
        float[][] g = Tensors.gradients(() -> mse().compute(x, y), x, y);
        float[] expected = new float[8];
        float[] negated = new float[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = 2 * DIFF[i] / 8;
            negated[i] = -expected[i];
        }
        assertClose(expected, g[0], 1e-7, "d mse / d reconstruction");
        assertClose(negated, g[1], 1e-7, "d mse / d target");
    }

    @Test
    void l1GradientIsTheSignOfTheDifferenceOverTheCount() {
        float[][] g = Tensors.gradients(() -> l1().compute(x, y), x, y);
        float[] expected = new float[8];
        float[] negated = new float[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = Math.signum(DIFF[i]) / 8;
            negated[i] = -expected[i];
        }
        assertClose(expected, g[0], 0, "d l1 / d reconstruction");
        assertClose(negated, g[1], 0, "d l1 / d target");
    }

    @Test
    void rejectsShapesThatDiffer() {
        NDArray other = context.manager().zeros(new Shape(2, 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> mse().compute(x, other));
        assertThrows(IllegalArgumentException.class, () -> l1().compute(other, x));
    }
}
