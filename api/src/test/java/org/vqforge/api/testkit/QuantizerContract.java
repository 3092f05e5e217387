package org.vqforge.api.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.api.quantizer.StepInfo;

/**
 * The plugin compatibility kit for quantizers: one call checks every contract of {@link Quantizer}
 * that the runner relies on, whatever the algorithm. A third-party quantizer's tests call {@link
 * #verify(BuildContext, QuantizerProvider, Parameters, Shape)} with its provider; every built-in
 * quantizer passes it.
 *
 * <ul>
 *   <li>the indices have the shape {@link Quantizer#indexShape} declares, and lie in [0, K);
 *   <li>{@link Quantizer#lookup} of the evaluation's indices equals its quantized latents in value;
 *   <li>evaluation changes no state (no parameter moves) and gives the same result twice;
 *   <li>training steps, evaluation and lookup leave no array on the parameter manager;
 *   <li>the block saves and loads its state: a fresh instance loaded from the saved bytes holds the
 *       same parameters and quantizes alike.
 * </ul>
 */
public final class QuantizerContract {

    /** Value tolerance, relative to the largest magnitude: a straight-through output is z + (q - z). */
    private static final double RELATIVE_TOLERANCE = 1e-5;
    private static final int TRAINING_STEPS = 3;

    private QuantizerContract() {}

    /** Checks the quantizer {@code provider} builds from {@code params} for latents of shape (B, C, H, W). */
    public static void verify(BuildContext context, QuantizerProvider provider, Parameters params, Shape latents) {
        int dimension = (int) latents.get(1);
        verify(context, () -> provider.create(params, dimension, context), latents);
    }

    /** Checks the quantizers {@code build} makes (two fresh ones are needed) for latents of shape (B, C, H, W). */
    public static void verify(BuildContext context, Supplier<Quantizer> build, Shape latents) {
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, build.get(), latents, TRAINING_STEPS);
        try (NDManager parameters = context.manager().newSubManager();
                NDManager scratch = context.manager().newSubManager()) {
            Quantizer trained = build.get();
            trained.initialize(parameters, DataType.FLOAT32, latents);
            NDArray z = scratch.randomNormal(latents);
            train(context, trained, scratch, latents);

            List<float[]> before = parameterValues(trained);
            float[][] first = evaluate(trained, z, latents);
            float[][] second = evaluate(trained, z, latents);
            List<float[]> after = parameterValues(trained);
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "evaluation moved parameter "
                        + trained.getParameters().get(i).getKey());
            }
            assertArrayEquals(first[0], second[0], "two evaluations of the same latents quantize differently");
            assertArrayEquals(first[1], second[1], "two evaluations of the same latents pick different codes");

            Quantizer loaded = build.get();
            loaded.initialize(parameters, DataType.FLOAT32, latents);
            restore(loaded, saved(trained), parameters);
            List<float[]> reloaded = parameterValues(loaded);
            assertEquals(before.size(), reloaded.size(), "parameter count after loading");
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), reloaded.get(i), "loaded parameter "
                        + loaded.getParameters().get(i).getKey());
            }
            float[][] fromLoaded = evaluate(loaded, z, latents);
            assertArrayEquals(first[0], fromLoaded[0], "the loaded quantizer quantizes differently");
            assertArrayEquals(first[1], fromLoaded[1], "the loaded quantizer picks different codes");
        }
    }

    /** Some training steps, so that state a quantizer learns (EMA statistics, restarts) has moved. */
    private static void train(BuildContext context, Quantizer quantizer, NDManager scratch, Shape latents) {
        for (int step = 0; step < TRAINING_STEPS; step++) {
            try (NDManager perStep = scratch.newSubManager()) {
                NDArray z = perStep.randomNormal(latents);
                z.setRequiresGradient(true);
                try (GradientCollector collector = context.backend().newGradientCollector()) {
                    QuantizerOutput out = quantizer.quantize(z, new StepInfo(true, step, TRAINING_STEPS));
                    collector.backward(out.totalLoss().add(out.quantized().sum()));
                }
            }
        }
    }

    /**
     * Quantizes {@code z} in evaluation and checks the index shape, the index range and the lookup;
     * returns the quantized values and the indices.
     */
    private static float[][] evaluate(Quantizer quantizer, NDArray z, Shape latents) {
        try (NDManager perCall = z.getManager().newSubManager()) {
            NDArray input = z.duplicate();
            input.attach(perCall);
            QuantizerOutput out = quantizer.quantize(input, StepInfo.evaluation());
            NDArray indices = out.indices();
            assertEquals(quantizer.indexShape(latents), indices.getShape(), "indices against indexShape");
            assertEquals(latents, out.quantized().getShape(), "quantized latents' shape");
            long[] codes = indices.toType(DataType.INT64, false).toLongArray();
            for (long code : codes) {
                assertTrue(code >= 0 && code < quantizer.codebookSize(),
                        "index " + code + " outside [0, " + quantizer.codebookSize() + ")");
            }
            float[] quantized = out.quantized().toFloatArray();
            float[] lookedUp = quantizer.lookup(indices).toFloatArray();
            double scale = 0;
            for (float v : quantized) {
                scale = Math.max(scale, Math.abs(v));
            }
            Tensors.assertClose(quantized, lookedUp, RELATIVE_TOLERANCE * Math.max(scale, 1.0),
                    "lookup(indices) against the quantized latents");
            float[] asFloats = new float[codes.length];
            for (int i = 0; i < codes.length; i++) {
                asFloats[i] = codes[i];
            }
            return new float[][] {quantized, asFloats};
        }
    }

    private static List<float[]> parameterValues(Quantizer quantizer) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : quantizer.getParameters()) {
            values.add(p.getValue().getArray().toType(DataType.FLOAT32, true).toFloatArray());
        }
        return values;
    }

    private static byte[] saved(Quantizer quantizer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            quantizer.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void restore(Quantizer quantizer, byte[] bytes, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            quantizer.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new AssertionError("the quantizer cannot load what it saved", e);
        }
    }
}
