package org.vqforge.architectures.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class DownsamplingTest {

    @Test
    void padsOneZeroRowBelowAndOneZeroColumnRight() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            NDArray x = context.manager().create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            assertClose(new float[] {1, 2, 0, 3, 4, 0, 0, 0, 0}, Downsampling.padBottomRight(x), 0, "padded");
        }
    }

    @Test
    void stride2ConvolutionSumsWindowsAnchoredTopLeft() {
        // 4x4 input 0..15; an all-ones 3x3 kernel with bias 0 sums the window starting at (2i, 2j):
        // (0,0): 0+1+2+4+5+6+8+9+10 = 45; (0,1): 2+3+0+6+7+0+10+11+0 = 39;
        // (1,0): 8+9+10+12+13+14 = 66; (1,1): 10+11+14+15 = 50 (the padding adds zeros)
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            Block down = Downsampling.stride2Conv(1);
            List<Parameter> params = down.getParameters().values();
            params.get(0).setInitializer(Tensors.fixed(1, 1, 1, 1, 1, 1, 1, 1, 1));
            params.get(1).setInitializer(Tensors.fixed(0));
            down.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 1, 4, 4));
            NDArray x = context.manager().arange(16f).reshape(1, 1, 4, 4);
            NDArray out = down.forward(new ParameterStore(context.manager(), false), new NDList(x), false)
                    .singletonOrThrow();
            assertClose(new float[] {45, 39, 66, 50}, out, 1e-5, "pad + conv3x3/2");
            assertEquals(new Shape(2, 1, 14, 14), down.getOutputShapes(new Shape[] {new Shape(2, 1, 28, 28)})[0]);
        }
    }
}
