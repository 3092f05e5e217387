package org.vqforge.api.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;

/** Checks every quantizer plugin should pass, whatever its algorithm. */
public final class QuantizerChecks {

    private QuantizerChecks() {}

    /**
     * Initialises {@code quantizer} on a fresh parameter manager, then runs {@code steps}
     * training steps (quantize, the block's forward, backward), an evaluation call and a lookup,
     * each in a per-step manager, and fails if any array is left on the parameter manager: an op
     * led by a parameter lands there and would otherwise live as long as the model.
     */
    public static void assertStepsLeaveNothingOnTheParameterManager(
            BuildContext context, Quantizer quantizer, Shape latents, int steps) {
        NDManager parameters = context.manager().newSubManager();
        quantizer.initialize(parameters, DataType.FLOAT32, latents);
        ParameterStore store = new ParameterStore(parameters, false);
        int before = parameters.getManagedArrays().size();
        // the count does see an op led by a parameter
        try (NDArray leaked = quantizer.getParameters().get(0).getValue().getArray().transpose()) {
            assertEquals(before + 1, parameters.getManagedArrays().size());
        }
        for (int i = 0; i < steps; i++) {
            try (NDManager perStep = context.manager().newSubManager()) {
                NDArray z = perStep.randomNormal(latents);
                z.setRequiresGradient(true);
                try (GradientCollector collector = context.backend().newGradientCollector()) {
                    QuantizerOutput out = quantizer.quantize(z, new StepInfo(true, i, steps));
                    NDArray block = quantizer.forward(store, new NDList(z), true).get(2);
                    collector.backward(out.totalLoss().add(out.quantized().sum()).add(block));
                }
                quantizer.quantize(z, StepInfo.evaluation());
                quantizer.lookup(perStep.zeros(quantizer.indexShape(latents), DataType.INT64));
            }
            assertEquals(before, parameters.getManagedArrays().size(), "after step " + i);
        }
    }
}
