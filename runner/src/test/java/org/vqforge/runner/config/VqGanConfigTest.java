package org.vqforge.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.fails;
import static org.vqforge.runner.config.ConfigFixtures.problemAt;
import static org.vqforge.runner.config.ConfigFixtures.resolver;
import static org.vqforge.runner.config.ConfigFixtures.write;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.type: vqgan}: the discriminator and adversarial slots, their defaults and their errors. */
class VqGanConfigTest {

    @TempDir
    Path dir;

    private Experiment resolve(String yaml, String... overrides) {
        return resolver().resolve(write(dir, "exp.yaml", yaml), List.of(overrides));
    }

    @Test
    void aVqganGetsTheDefaultDiscriminatorLossesAndTamingsBetas() {
        Experiment e = resolve("model:\n  type: vqgan\ntrain:\n  learningRate: 0.0002\n");

        assertEquals("patchgan", e.model().discriminator().type());
        assertEquals(64, e.model().discriminator().params().getInt("ndf"));
        AdversarialSpec adversarial = e.loss().adversarial();
        assertEquals("hinge", adversarial.loss().type());
        assertEquals(0.8, adversarial.discWeight());
        assertEquals(1.0, adversarial.discFactor());
        assertEquals(0, adversarial.discStart());
        assertFalse(adversarial.trainDiscBeforeStart());
        assertTrue(e.loss().optionalPerceptual().isEmpty(), "perceptual is off by default");
        assertEquals(0.5, e.train().beta1());
        assertEquals(0.9, e.train().beta2());
        assertEquals(2e-4, e.train().discLearningRate(), "defaults to train.learningRate");
        assertEquals(0.0, e.train().gradClip());
        assertEquals(0.0, e.train().emaDecay());
    }

    @Test
    void aVqvaeKeepsPyTorchsBetasAndHasNoAdversary() {
        Experiment e = resolve("");

        assertEquals(0.9, e.train().beta1());
        assertEquals(0.999, e.train().beta2());
        assertTrue(e.model().optionalDiscriminator().isEmpty());
        assertTrue(e.loss().optionalAdversarial().isEmpty());
        assertFalse(((Map<?, ?>) e.resolved().get("model")).containsKey("discriminator"));
        assertFalse(((Map<?, ?>) e.resolved().get("train")).containsKey("discLearningRate"));
        assertEquals(Map.of("type", "none", "weight", 1.0), ((Map<?, ?>) e.resolved().get("loss")).get("perceptual"));
    }

    @Test
    void everySettingIsRead() {
        Experiment e = resolve(String.join("\n",
                "model:",
                "  type: vqgan",
                "  discriminator: {type: patchgan, ndf: 32}",
                "loss:",
                "  perceptual: {type: perceptual, network: f.djl, weight: 0.1}",
                "  adversarial: {type: hinge, margin: 2, discWeight: 0.5, discFactor: 0.25, discStart: 300,"
                        + " trainDiscBeforeStart: true}",
                "train: {discLearningRate: 0.0004, beta1: 0.6, beta2: 0.95, gradClip: 1.5, emaDecay: 0.999}",
                ""));

        assertEquals(32, e.model().discriminator().params().getInt("ndf"));
        assertEquals("perceptual", e.loss().perceptual().type());
        assertEquals("f.djl", e.loss().perceptual().params().getString("network"));
        assertEquals(0.1, e.loss().perceptualWeight());
        assertEquals(2.0, e.loss().adversarial().loss().params().getDouble("margin"));
        assertEquals(new AdversarialSpec(e.loss().adversarial().loss(), 0.5, 0.25, 300, true), e.loss().adversarial());
        assertEquals(4e-4, e.train().discLearningRate());
        assertEquals(0.6, e.train().beta1());
        assertEquals(0.95, e.train().beta2());
        assertEquals(1.5, e.train().gradClip());
        assertEquals(0.999, e.train().emaDecay());
    }

    @Test
    void theResolvedVqganConfigReadsBackEqual() throws IOException {
        Experiment original = resolve("model:\n  type: vqgan\n", "loss.adversarial.discStart=7",
                "loss.perceptual.type=perceptual", "train.emaDecay=0.99");
        Path out = dir.resolve("run/config.yaml");

        ConfigWriter.write(original, out);
        Experiment reread = resolver().resolve(out, List.of());

        assertEquals(original, reread);
        assertEquals(7, reread.loss().adversarial().discStart());
        assertEquals(1e-3, reread.train().discLearningRate());
    }

    @Test
    void vqganKeysUnderAVqvaeAreErrorsNamingTheKey() {
        ConfigException e = fails(() -> resolve(String.join("\n",
                "model:",
                "  discriminator: {type: patchgan}",
                "loss:",
                "  adversarial: {discStart: 5}",
                "train: {discLearningRate: 0.001}",
                "")));

        String expected = "only a model.type vqgan has this key; model.type is vqvae (allowed: [vqvae, vqgan, prior])";
        assertEquals(expected, problemAt(e, "model.discriminator.type").message());
        assertEquals(expected, problemAt(e, "loss.adversarial.discStart").message());
        assertEquals(expected, problemAt(e, "train.discLearningRate").message());
        assertEquals(3, e.problems().size(), e.getMessage());
    }

    @Test
    void badValuesNameTheKeyAndTheAllowedValues() {
        ConfigException e = fails(() -> resolve("model: {type: vqgen}\n"));
        assertEquals("'vqgen' is not one of [vqvae, vqgan, prior]", problemAt(e, "model.type").message());

        e = fails(() -> resolve(String.join("\n",
                "model: {type: vqgan}",
                "loss:",
                "  adversarial: {discWeight: -1, discStart: soon, trainDiscBeforeStart: maybe}",
                "  perceptual: {weight: -2}",
                "train: {emaDecay: 1.0, gradClip: -1, beta1: 1, discLearningRate: 0}",
                "")));
        assertEquals("-1 is outside [0, +inf)", problemAt(e, "loss.adversarial.discWeight").message());
        assertTrue(problemAt(e, "loss.adversarial.discStart").message().contains("[0, +inf)"), e.getMessage());
        assertTrue(problemAt(e, "loss.adversarial.trainDiscBeforeStart").message().contains("boolean"), e.getMessage());
        assertEquals("-2 is outside [0, +inf)", problemAt(e, "loss.perceptual.weight").message());
        assertEquals("1 is outside [0, 1)", problemAt(e, "train.emaDecay").message());
        assertEquals("-1 is outside [0, +inf)", problemAt(e, "train.gradClip").message());
        assertEquals("1 is outside [0, 1)", problemAt(e, "train.beta1").message());
        assertEquals("0 is outside (0, 10]", problemAt(e, "train.discLearningRate").message());
    }

    @Test
    void aMissingOrUnfitDiscriminatorIsAnErrorAtItsKey() {
        ConfigException e = fails(() -> resolve("model:\n  type: vqgan\n  discriminator: {type: patchgn}\n"));
        assertTrue(problemAt(e, "model.discriminator.type").message().contains("did you mean 'patchgan'"),
                e.getMessage());

        e = fails(() -> resolve("model:\n  type: vqgan\n  discriminator: {type: conv-resnet}\n"));
        assertEquals("architecture 'conv-resnet' cannot be a discriminator (it serves [encoder, decoder]); allowed:"
                + " patchgan", problemAt(e, "model.discriminator.type").message());

        e = fails(() -> resolve("model:\n  encoder: {type: patchgan}\n"));
        assertTrue(problemAt(e, "model.encoder.type").message().startsWith("architecture 'patchgan' cannot be an encoder"),
                e.getMessage());
    }

    @Test
    void eachLossSlotTakesOnlyItsKind() {
        ConfigException e = fails(() -> resolve(String.join("\n",
                "model: {type: vqgan}",
                "loss:",
                "  reconstruction: {type: hinge}",
                "  perceptual: {type: hinge}",
                "  adversarial: {type: l1}",
                "")));

        assertEquals("loss 'hinge' is adversarial, this slot needs a reconstruction loss; allowed: greedy, l1, mse,"
                + " perceptual", problemAt(e, "loss.reconstruction.type").message());
        assertTrue(problemAt(e, "loss.perceptual.type").message().startsWith("loss 'hinge' is adversarial"));
        assertEquals("loss 'l1' is reconstruction, this slot needs an adversarial loss; allowed: hinge",
                problemAt(e, "loss.adversarial.type").message());
    }

    @Test
    void perceptualNoneTakesNoPluginKeys() {
        ConfigException e = fails(() -> resolve("loss:\n  perceptual: {network: f.djl}\n"));

        assertEquals("unknown key 'network'; known keys of loss.perceptual (none): type, weight",
                problemAt(e, "loss.perceptual.network").message());
    }
}
