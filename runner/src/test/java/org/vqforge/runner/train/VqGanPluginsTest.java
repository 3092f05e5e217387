package org.vqforge.runner.train;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.data.DatasetLocator;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.model.VqModel;
import org.vqforge.runner.wiring.RunnerModule;

/**
 * {@code model.type: vqgan} composed from the shipped plugins (vqgan-encoder, vqgan-decoder, vq,
 * patchgan, hinge, l1), trained a few steps through the same wiring and final report as a vqvae.
 */
class VqGanPluginsTest {

    @TempDir
    Path dir;

    @Test
    void theExampleConfigsDescribeTheSameAutoencoderWithAndWithoutTheAdversary() {
        ConfigResolver resolver = Recipes.resolver(Plugins.discover());
        Experiment gan = resolver.resolve(Path.of("../configs/vqgan-fashion-mnist.yaml"), List.of());
        Experiment plain = resolver.resolve(Path.of("../configs/vqgan-fashion-mnist-noadv.yaml"), List.of());

        assertEquals("vqgan", gan.model().type());
        assertEquals("vqvae", plain.model().type());
        assertEquals(gan.model().encoder(), plain.model().encoder());
        assertEquals(gan.model().quantizer(), plain.model().quantizer());
        assertEquals(gan.model().decoder(), plain.model().decoder());
        assertEquals(gan.loss().reconstruction(), plain.loss().reconstruction());
        assertTrue(plain.loss().optionalPerceptual().isEmpty() && gan.loss().optionalPerceptual().isEmpty());
        assertEquals(gan.train().steps(), plain.train().steps());
        assertEquals(gan.train().learningRate(), plain.train().learningRate());
        assertEquals(gan.train().beta1(), plain.train().beta1());
        assertEquals(gan.train().steps() / 3, gan.loss().adversarial().discStart(), "a third of the run");
    }

    @Test
    void aTinyVqganTrainsWithTheShippedPluginsAndIsEvaluatedLikeAVqvae() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("backend.threads", 1);
        config.put("data.trainLimit", 64);
        config.put("data.testLimit", 16);
        config.put("model.type", "vqgan");
        config.put("model.latentChannels", 4);
        for (String part : List.of("encoder", "decoder")) {
            config.put("model." + part + ".type", "vqgan-" + part);
            config.put("model." + part + ".ch", 8);
            config.put("model." + part + ".chMult", List.of(1, 2));
            config.put("model." + part + ".attnResolutions", List.of(14));
        }
        config.put("model.quantizer.codebookSize", 16);
        config.put("model.discriminator.type", "patchgan");
        config.put("model.discriminator.ndf", 8);
        config.put("model.discriminator.layers", 1);
        config.put("loss.reconstruction.type", "l1");
        config.put("loss.adversarial.discStart", 1);
        config.put("train.steps", 3);
        config.put("train.batchSize", 8);
        config.put("train.logEvery", 1);
        config.put("train.emaDecay", 0.9);
        config.put("train.evalBatchSize", 16);
        Plugins plugins = Plugins.discover();
        Experiment experiment = Recipes.resolver(plugins).resolveTree(config, "tiny-vqgan");
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Injector injector = Guice.createInjector(new RunnerModule(plugins, experiment, new RunDirectory(run), "test",
                RunnerModule.Listeners.STANDARD, new DatasetLocator()));

        VqModel model = injector.getInstance(VqModel.class);
        assertEquals(new Shape(1, 8, 3, 3), model.decoderOutputWeight().getArray().getShape(),
                "the adaptive weight is taken at conv_out (8 channels to 1)");
        injector.getInstance(TrainingLoop.class).run();

        List<JsonObject> lines = Files.readAllLines(run.resolve(RunDirectory.METRICS)).stream()
                .map(l -> new Gson().fromJson(l, JsonObject.class)).toList();
        assertEquals(3, lines.size());
        assertFalse(lines.get(0).has("d_loss"), "discriminator frozen before discStart");
        for (JsonObject line : lines.subList(1, 3)) {
            for (String key : List.of("d_loss", "g_adv", "adaptive_weight", "logits_real", "logits_fake")) {
                assertTrue(line.has(key) && Double.isFinite(line.get(key).getAsDouble()), key + " in " + line);
            }
        }
        Path checkpoint = run.resolve("checkpoints/step-000000003");
        for (String file : List.of("discriminator.params", Checkpoints.DISCRIMINATOR_OPTIMIZER, WeightAverage.FILE)) {
            assertTrue(Files.isRegularFile(checkpoint.resolve(file)), file);
        }
        JsonObject eval = new Gson().fromJson(Files.readString(run.resolve(RunDirectory.EVALUATION)), JsonObject.class);
        assertEquals(16, eval.get("images").getAsInt());
        assertTrue(eval.get("psnr").getAsDouble() > 0, eval.toString());
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.RECONSTRUCTIONS)));
    }
}
