package org.vqforge.runner.model;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.Precision;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;

/**
 * One training step of a small conv-resnet VQ-VAE in bf16 against the same step in fp32, from the
 * same initial weights and batch, both computed here.
 */
class MixedPrecisionTest {

    /**
     * The largest relative error ||g_bf16 - g_fp32|| / ||g_fp32|| allowed for any network
     * parameter's gradient. bfloat16 keeps 8 significant bits (relative rounding 2^-9, about 0.2%);
     * each layer's input, weights and output are rounded, and through the dozen layers of encoder
     * and decoder that adds up to a few percent.
     */
    static final double GRADIENT_TOLERANCE = 0.05;

    static final Plugins PLUGINS = Plugins.discover();

    static Experiment experiment(String precision) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("experiment.name", "bf16-test");
        config.put("backend.threads", 1);
        config.put("backend.precision", precision);
        config.put("model.type", "vqvae");
        config.put("model.latentChannels", 8);
        for (String part : List.of("encoder", "decoder")) {
            config.put("model." + part + ".type", "conv-resnet");
            config.put("model." + part + ".channels", 16);
            config.put("model." + part + ".downsamplings", 2);
            config.put("model." + part + ".resBlocks", 1);
            config.put("model." + part + ".resHidden", 8);
        }
        config.put("model.quantizer.type", "vq");
        config.put("model.quantizer.codebookSize", 32);
        return Recipes.resolver(PLUGINS).resolveTree(config, "bf16-test");
    }

    record Step(Precision precision, Map<String, float[]> gradients, Map<String, DataType> types,
            float[] reconstruction) {}

    static Step step(String precision) {
        Experiment experiment = experiment(precision);
        Backend backend = PLUGINS.backends().get("cpu").create(experiment.backend().params());
        try (NDManager root = backend.newManager()) {
            VqModel model = ModelAssembler.assemble(experiment, PLUGINS, backend, root.newSubManager());
            try (NDManager step = root.newSubManager()) {
                backend.seed(7);
                NDArray images = step.randomUniform(0, 1, new Shape(16, 1, 28, 28));
                float[] reconstruction;
                try (GradientCollector collector = backend.newGradientCollector()) {
                    ModelOutput out = model.forward(images, new StepInfo(true, 0, 1));
                    reconstruction = out.reconstruction().toFloatArray();
                    collector.backward(out.reconstruction().sub(images).square().mean()
                            .add(out.quantizer().totalLoss()));
                }
                Map<String, float[]> gradients = new LinkedHashMap<>();
                Map<String, DataType> types = new LinkedHashMap<>();
                for (Map.Entry<String, Parameter> p : model.trainableParameters().entrySet()) {
                    NDArray weight = p.getValue().getArray();
                    NDArray gradient = weight.getGradient();
                    types.put(p.getKey(), weight.getDataType());
                    types.put(p.getKey() + " gradient", gradient.getDataType());
                    gradients.put(p.getKey(), gradient.toFloatArray());
                }
                return new Step(model.precision(), gradients, types, reconstruction);
            } finally {
                model.close();
            }
        }
    }

    @Test
    void bf16GradientsAreWithinTheStatedToleranceOfFp32AndLandInFloat32() {
        Step fp32 = step("fp32");
        Step bf16 = step("bf16");
        assertEquals(Precision.FP32, fp32.precision());
        assertEquals(Precision.BF16, bf16.precision());
        assertEquals(fp32.gradients().keySet(), bf16.gradients().keySet());
        bf16.types().forEach((name, type) ->
                assertEquals(DataType.FLOAT32, type, name + ": master weights and gradients stay float32"));
        double worst = 0;
        for (String name : fp32.gradients().keySet()) {
            double error = relativeError(bf16.gradients().get(name), fp32.gradients().get(name));
            assertTrue(error <= GRADIENT_TOLERANCE, name + ": relative gradient error " + error);
            worst = Math.max(worst, error);
        }
        // identical gradients would mean the networks never left float32
        assertTrue(worst > 1e-4, "largest relative gradient error " + worst);
        double outputError = relativeError(bf16.reconstruction(), fp32.reconstruction());
        assertTrue(outputError > 0 && outputError < GRADIENT_TOLERANCE, "reconstruction error " + outputError);
        System.out.printf("bf16 vs fp32: largest relative gradient error %.4f, reconstruction %.4f%n", worst,
                outputError);
    }

    static double relativeError(float[] actual, float[] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += Math.pow(actual[i] - expected[i], 2);
            norm += Math.pow(expected[i], 2);
        }
        return Math.sqrt(diff / Math.max(norm, 1e-30));
    }
}
