package org.vqforge.api.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.CodeUsage;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;

/** The kit passes a quantizer that keeps every contract and fails each one that breaks one. */
class QuantizerContractTest {

    private static final Shape LATENTS = new Shape(2, 3, 4, 4);

    /** The contract a {@link SignQuantizer} breaks. */
    enum Flaw { LOOKUP_NEGATES, EVALUATION_MOVES_STATE, STATE_OUTSIDE_PARAMETERS }

    @Test
    void aQuantizerThatKeepsEveryContractPasses() {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            QuantizerContract.verify(context, () -> new SignQuantizer(3, null), LATENTS);
        }
    }

    @ParameterizedTest
    @EnumSource(Flaw.class)
    void aQuantizerThatBreaksOneContractFails(Flaw flaw) {
        try (TestBuildContext context = TestBuildContext.fashionMnist()) {
            AssertionError failure = assertThrows(AssertionError.class,
                    () -> QuantizerContract.verify(context, () -> new SignQuantizer(3, flaw), LATENTS));
            String expected = switch (flaw) {
                case LOOKUP_NEGATES -> "lookup(indices)";
                case EVALUATION_MOVES_STATE -> "evaluation moved parameter";
                case STATE_OUTSIDE_PARAMETERS -> "the loaded quantizer quantizes differently";
            };
            assertTrue(failure.getMessage().contains(expected), failure.getMessage());
        }
    }

    /**
     * Two codes, -s and +s on every channel, chosen by the sign of the channel mean; s is state that
     * grows by 0.5 with each training step (a stand-in for EMA statistics).
     */
    private static final class SignQuantizer extends AbstractQuantizer {
        private final Flaw flaw;
        private final Parameter scale;
        private float scaleInAField = 1f;

        SignQuantizer(int dimension, Flaw flaw) {
            super((byte) 1, dimension);
            this.flaw = flaw;
            this.scale = addParameter(Parameter.builder().setName("scale").setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1)).optInitializer(new ConstantInitializer(1f)).optRequiresGrad(false)
                    .build());
        }

        @Override
        public int codebookSize() {
            return 2;
        }

        @Override
        public QuantizerOutput quantize(NDArray latents, StepInfo step) {
            if (step.training() || flaw == Flaw.EVALUATION_MOVES_STATE) {
                scale.getArray().addi(0.5f);
                scaleInAField += 0.5f;
            }
            NDArray indices = latents.stopGradient().mean(new int[] {1}).gt(0).toType(DataType.INT64, false);
            NDArray quantized = values(indices);
            NDArray output = latents.add(quantized.sub(latents).stopGradient());
            NDArray commitment = latents.sub(quantized).square().mean();
            CodeUsage usage = CodeUsage.of(indices, 2);
            return new QuantizerOutput(output, indices, Map.of("commitment", commitment),
                    Map.of("perplexity", usage.perplexity(), "usage", usage.usage()));
        }

        @Override
        public NDArray lookup(NDArray indices) {
            NDArray values = values(indices);
            return flaw == Flaw.LOOKUP_NEGATES ? values.neg() : values;
        }

        /** Indices (B, H, W) to latents (B, D, H, W). */
        private NDArray values(NDArray indices) {
            NDArray sign = indices.toType(DataType.FLOAT32, false).mul(2).sub(1).expandDims(1).repeat(1, dimension);
            return flaw == Flaw.STATE_OUTSIDE_PARAMETERS ? sign.mul(scaleInAField) : sign.mul(scale.getArray());
        }
    }
}
