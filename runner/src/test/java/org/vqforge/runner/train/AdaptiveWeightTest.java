package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.google.inject.Injector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.plugin.EngineConstants;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.model.ModelOutput;
import org.vqforge.runner.model.VqModel;

/**
 * The exact adaptive weight against an independent computation: two fresh forward and backward
 * passes, one per loss, each yielding one gradient of the decoder's output weight, with the norms
 * taken in plain Java; and the gradients the retained-graph scheme leaves against one backward pass
 * of the explicitly weighted sum.
 */
class AdaptiveWeightTest {

    /** Relative tolerance of the weight: the two computations differ only in float summation order. */
    static final double WEIGHT_TOLERANCE = 1e-5;
    /** Per element: |a - b| <= ABS + REL * |b|; one float multiply-add per element separates them. */
    static final double GRAD_ABS = 1e-7;
    static final double GRAD_REL = 1e-4;

    @TempDir
    static Path dir;

    static Experiment experiment;
    static Injector injector;
    static VqModel model;
    static Objective objective;
    static Backend backend;

    @BeforeAll
    static void build() {
        experiment = GanRuns.experiment("loss.reconstruction.weight=0.7", "loss.codebookWeight=0.5",
                "loss.adversarial.discWeight=0.8", "loss.adversarial.discFactor=0.6");
        injector = GanRuns.injector(experiment, dir);
        model = injector.getInstance(VqModel.class);
        objective = injector.getInstance(Objective.class);
        backend = injector.getInstance(Backend.class);
    }

    private NDArray images(NDManager m) {
        backend.seed(7);
        return m.randomUniform(0f, 1f, new Shape(8, 1, 28, 28));
    }

    private record Terms(NDArray reconstruction, NDArray codebook, NDArray adversarial) {}

    private Terms forward(NDArray images) {
        ModelOutput out = model.forward(images, new StepInfo(true, 0, 1));
        NDArray reconstruction = EngineConstants.times(objective.reconstruction().compute(out.reconstruction(), images),
                experiment.loss().reconstructionWeight());
        NDArray codebook = null;
        for (NDArray t : out.quantizer().losses().values()) {
            NDArray weighted = EngineConstants.times(t, experiment.loss().codebookWeight());
            codebook = codebook == null ? weighted : codebook.add(weighted);
        }
        NDArray adversarial = objective.adversary().loss().generatorLoss(
                objective.adversary().discriminator().logits(out.reconstruction(), true));
        return new Terms(reconstruction, codebook, adversarial);
    }

    private void zeroAll() {
        for (Parameter p : model.trainableParameters().values()) {
            backend.zeroGradient(p.getArray());
        }
        for (Parameter p : objective.adversary().discriminator().trainableParameters().values()) {
            backend.zeroGradient(p.getArray());
        }
    }

    private static float[] outputWeightGradient() {
        try (NDArray g = model.decoderOutputWeight().getArray().getGradient()) {
            return g.toFloatArray();
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static Map<String, float[]> gradients() {
        Map<String, float[]> all = new LinkedHashMap<>();
        model.trainableParameters().forEach((name, p) -> {
            try (NDArray g = p.getArray().getGradient()) {
                all.put(name, g.toFloatArray());
            }
        });
        return all;
    }

    /** One forward pass per loss, each back-propagated on its own. */
    private double twoPassWeight(NDManager m) {
        zeroAll();
        float[] reconstructionGradient;
        float[] adversarialGradient;
        try (GradientCollector c = backend.newGradientCollector()) {
            backend.backward(forward(images(m)).reconstruction());
        }
        reconstructionGradient = outputWeightGradient();
        zeroAll();
        try (GradientCollector c = backend.newGradientCollector()) {
            backend.backward(forward(images(m)).adversarial());
        }
        adversarialGradient = outputWeightGradient();
        zeroAll();
        double ratio = norm(reconstructionGradient) / (norm(adversarialGradient) + 1e-4);
        assertTrue(ratio > 0 && ratio < 1e4, "not at a clamp, so the test says something: " + ratio);
        return Math.min(Math.max(ratio, 0), 1e4) * 0.8;
    }

    @Test
    void theWeightAndTheGradientsMatchIndependentPasses() {
        try (NDManager m = model.manager().newSubManager()) {
            double expected = twoPassWeight(m);

            double adaptive;
            try (GradientCollector c = backend.newGradientCollector()) {
                Terms t = forward(images(m));
                adaptive = AdaptiveWeight.backward(backend, t.reconstruction(), t.codebook(), t.adversarial(),
                        model.decoderOutputWeight(), model.trainableParameters().values(), 0.8, 0.6, m);
            }
            Map<String, float[]> scheme = gradients();
            zeroAll();

            double relativeError = Math.abs(adaptive - expected) / expected;
            System.out.printf("adaptive weight %.9g, two-pass %.9g, relative error %.3g%n", adaptive, expected,
                    relativeError);
            assertEquals(expected, adaptive, WEIGHT_TOLERANCE * expected);

            try (GradientCollector c = backend.newGradientCollector()) {
                Terms t = forward(images(m));
                NDArray total = t.reconstruction().add(t.codebook())
                        .add(EngineConstants.times(t.adversarial(), adaptive * 0.6));
                backend.backward(total);
            }
            Map<String, float[]> reference = gradients();
            zeroAll();

            double worst = 0;
            List<String> bad = new ArrayList<>();
            for (String name : reference.keySet()) {
                float[] a = scheme.get(name);
                float[] b = reference.get(name);
                for (int i = 0; i < b.length; i++) {
                    double excess = Math.abs(a[i] - b[i]) - (GRAD_ABS + GRAD_REL * Math.abs(b[i]));
                    worst = Math.max(worst, Math.abs(a[i] - b[i]) / (GRAD_ABS + Math.abs(b[i])));
                    if (excess > 0) {
                        bad.add(name + "[" + i + "]: " + a[i] + " vs " + b[i]);
                    }
                }
            }
            System.out.printf("largest gradient difference relative to |reference| + %.0g: %.3g%n", GRAD_ABS, worst);
            assertTrue(bad.isEmpty(), bad.size() + " elements differ, e.g. " + bad.subList(0, Math.min(5, bad.size())));
            assertTrue(norm(reference.get("quantizer/" + firstQuantizerParameter())) > 0,
                    "the codebook's gradient (codebook term only) is part of the comparison");
        }
    }

    private static String firstQuantizerParameter() {
        return model.trainableParameters().keySet().stream().filter(k -> k.startsWith("quantizer/"))
                .map(k -> k.substring("quantizer/".length())).findFirst().orElseThrow();
    }

    @Test
    void theWeightIsClampedAndScaled() {
        assertEquals(3 / (1 + 1e-4) * 0.5, AdaptiveWeight.of(3, 1, 0.5), 1e-12);
        assertEquals(1e4 * 0.8, AdaptiveWeight.of(1, 0, 0.8), 1e-9, "a vanishing adversarial gradient hits the clamp");
        assertEquals(0.0, AdaptiveWeight.of(0, 2, 0.8));
    }
}
