package org.vqforge.quantizers.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

class StateArraysTest {

    private TestBuildContext context;
    private NDManager state;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
        state = context.manager().newSubManager();
    }

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void assignOverwritesInPlaceEvenATrainableArrayWhileGradientsAreRecorded() {
        NDArray weight = state.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
        weight.setRequiresGradient(true);
        int before = state.getManagedArrays().size();
        try (NDManager step = context.manager().newSubManager()) {
            NDArray x = step.create(new float[] {1, 1});
            float[][] g = Tensors.gradients(() -> {
                NDArray loss = x.matMul(weight).sum();
                // a write into the weight after its use: the product kept x, not the weight
                StateArrays.assign(weight, step.create(new float[] {5, 6, 7, 8}, new Shape(2, 2)));
                return loss;
            }, weight);
            assertClose(new float[] {1, 1, 1, 1}, g[0], 0, "d sum(x W) / dW");
        }
        assertClose(new float[] {5, 6, 7, 8}, weight, 0, "written");
        assertTrue(weight.hasGradient(), "still a trainable leaf");
        assertEquals(before, state.getManagedArrays().size(), "nothing left on the state's manager");
    }

    @Test
    void viewWritesReachTheStateAndItsResultsStayOnTheStep() {
        NDArray counts = state.create(new float[] {1, 2, 3});
        int before = state.getManagedArrays().size();
        try (NDManager step = context.manager().newSubManager()) {
            NDArray view = StateArrays.view(counts, step);
            view.muli(0.5f).addi(step.create(new float[] {1, 1, 1}));
            NDArray derived = view.mul(2);
            assertSame(step, derived.getManager());
            try (GradientCollector ignored = context.backend().newGradientCollector()) {
                view.muli(2);
            }
        }
        assertClose(new float[] {3, 4, 5}, counts, 0, "(0.5 c + 1) * 2");
        assertEquals(before, state.getManagedArrays().size());
    }

    @Test
    void assignRefusesAnotherShape() {
        NDArray counts = state.zeros(new Shape(3));
        assertThrows(IllegalArgumentException.class, () -> StateArrays.assign(counts, state.zeros(new Shape(4))));
    }
}
