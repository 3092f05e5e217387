package org.vqforge.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelFlopsTest {

    @Test
    void countsEachLayersMultiplyAddsFromItsInitialisedShape() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).optPadding(new Shape(1, 1)).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(2, 2)).setFilters(2).optStride(new Shape(2, 2)).build());
        SequentialBlock head = new SequentialBlock()
                .add(ai.djl.nn.Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        try (NDManager manager = NDManager.newBaseManager()) {
            net.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 8, 8));
            head.initialize(manager, DataType.FLOAT32, new Shape(2, 2, 4, 4));
            // 3x3 conv 1 -> 4 on 8x8, batch 2: 2 * (2*4*8*8 outputs) * (1*3*3) = 9216
            // 2x2 stride-2 conv 4 -> 2 to 4x4: 2 * (2*2*4*4) * (4*2*2) = 2048
            assertEquals(List.of(9216L, 2048L), ModelFlops.forwardPerLayer(net));
            // linear 32 -> 3, batch 2: 2 * (2*3) * 32 = 384
            assertEquals(List.of(384L), ModelFlops.forwardPerLayer(head));
            // 3 x (9216 + 2048 + 384) less the first layer's input gradient (9216), per item of 2
            assertEquals((3 * (9216 + 2048 + 384) - 9216) / 2, ModelFlops.trainingPerItem(2, net, head));
        }
    }
}
