package org.vqforge.losses.adversarial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.vqforge.api.testkit.Tensors.assertClose;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.api.loss.DiscriminatorBatch;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.api.testkit.TestBuildContext;

/** The three objectives' values and gradients on fixed logits, against hand-computed numbers. */
class AdversarialLossTest {

    private static final float[] REAL = {0.5f, -2f, 1.5f, 3f};
    private static final float[] FAKE = {-0.5f, 0.25f, -3f, 2f};

    private TestBuildContext context;
    private NDArray real;
    private NDArray fake;

    @BeforeEach
    void open() {
        context = TestBuildContext.fashionMnist();
        real = context.manager().create(REAL);
        fake = context.manager().create(FAKE);
        real.setRequiresGradient(true);
        fake.setRequiresGradient(true);
    }

    @AfterEach
    void close() {
        context.close();
    }

    private AdversarialLoss build(LossProvider provider, Map<String, ?> params) {
        return assertInstanceOf(AdversarialLoss.class, provider.create(provider.schema().with(params), context));
    }

    /** A batch of logits only: these objectives never run the discriminator themselves. */
    private DiscriminatorBatch logits() {
        return new DiscriminatorBatch(null, null, real, fake, x -> {
            throw new AssertionError("the discriminator was run");
        }, context.backend());
    }

    @Test
    void hingeMatchesHandComputedValuesAndGradients() {
        AdversarialLoss hinge = build(new HingeLossProvider(), Map.of());
        // relu(1 - real) = 0.5, 3, 0, 0 (mean 0.875); relu(1 + fake) = 0.5, 1.25, 0, 3 (mean 1.1875)
        assertEquals(0.5 * (0.875 + 1.1875), hinge.discriminatorLoss(logits()).getFloat(), 1e-6);
        float[][] g = Tensors.gradients(() -> hinge.discriminatorLoss(logits()), real, fake);
        // 0.5 / 4 where the hinge is active, with the sign of the inner term
        assertClose(new float[] {-0.125f, -0.125f, 0, 0}, g[0], 1e-7, "d D-loss / d real");
        assertClose(new float[] {0.125f, 0.125f, 0, 0.125f}, g[1], 1e-7, "d D-loss / d fake");
        // -mean(fake) = -(-1.25 / 4)
        assertEquals(0.3125, hinge.generatorLoss(fake).getFloat(), 1e-7);
        assertClose(new float[] {-0.25f, -0.25f, -0.25f, -0.25f},
                Tensors.gradients(() -> hinge.generatorLoss(fake), fake)[0], 1e-7, "d G-loss / d fake");
    }

    @Test
    void nonSaturatingMatchesHandComputedValuesAndGradients() {
        AdversarialLoss ns = build(new NonSaturatingLossProvider(), Map.of());
        double expected = 0;
        float[] dReal = new float[4];
        float[] dFake = new float[4];
        float[] dGenerator = new float[4];
        double generator = 0;
        for (int i = 0; i < 4; i++) {
            expected += (softplus(-REAL[i]) + softplus(FAKE[i])) / 4;
            generator += softplus(-FAKE[i]) / 4;
            dReal[i] = (float) (-sigmoid(-REAL[i]) / 4);
            dFake[i] = (float) (sigmoid(FAKE[i]) / 4);
            dGenerator[i] = (float) (-sigmoid(-FAKE[i]) / 4);
        }
        // a spot check of the formula itself: softplus(-0.5) + softplus(-0.5) for the first pair
        assertEquals(2 * Math.log(1 + Math.exp(-0.5)), softplus(-REAL[0]) + softplus(FAKE[0]), 1e-12);
        assertEquals(expected, ns.discriminatorLoss(logits()).getFloat(), 1e-6);
        float[][] g = Tensors.gradients(() -> ns.discriminatorLoss(logits()), real, fake);
        assertClose(dReal, g[0], 1e-7, "d D-loss / d real");
        assertClose(dFake, g[1], 1e-7, "d D-loss / d fake");
        assertEquals(generator, ns.generatorLoss(fake).getFloat(), 1e-6);
        assertClose(dGenerator, Tensors.gradients(() -> ns.generatorLoss(fake), fake)[0], 1e-7, "d G-loss / d fake");
    }

    @Test
    void nonSaturatingStaysFiniteOnLargeLogits() {
        AdversarialLoss ns = build(new NonSaturatingLossProvider(), Map.of());
        NDArray large = context.manager().create(new float[] {200f, -200f});
        // softplus(200) = 200 (log(1 + e^200) overflows if computed naively), softplus(-200) = 0
        assertEquals(100f, ns.generatorLoss(large.neg()).getFloat(), 1e-4);
    }

    @Test
    void wassersteinWithClippingIsTheDifferenceOfMeans() {
        AdversarialLoss w = build(new WassersteinLossProvider(), Map.of("penalty", "clip"));
        // mean(fake) - mean(real) = -1.25/4 - 3/4
        assertEquals(-0.3125 - 0.75, w.discriminatorLoss(logits()).getFloat(), 1e-6);
        float[][] g = Tensors.gradients(() -> w.discriminatorLoss(logits()), real, fake);
        assertClose(new float[] {-0.25f, -0.25f, -0.25f, -0.25f}, g[0], 1e-7, "d D-loss / d real");
        assertClose(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, g[1], 1e-7, "d D-loss / d fake");
        assertEquals(0.3125, w.generatorLoss(fake).getFloat(), 1e-7);
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
