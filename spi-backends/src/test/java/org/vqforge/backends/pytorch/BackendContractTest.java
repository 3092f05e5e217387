package org.vqforge.backends.pytorch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.testkit.BackendContract;
import org.vqforge.api.testkit.DiscoveredBackend;

/** The api's backend compatibility kit over the backends this machine can run, found as the runner finds them. */
class BackendContractTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "auto"})
    void passesTheBackendCompatibilityKit(String name) {
        BackendContract.verify(DiscoveredBackend.create(name, Map.of()));
    }

    /** What a {@link Flawed} backend gets wrong. */
    enum Flaw { SEED_IGNORED, KEPT_LOSS_COUNTED_TWICE, ZERO_GRADIENT_IGNORED }

    @ParameterizedTest
    @EnumSource(Flaw.class)
    void theKitCatchesABackendThatBreaksOneContract(Flaw flaw) {
        Backend flawed = new Flawed(DiscoveredBackend.create("cpu", Map.of()), flaw);
        AssertionError failure = assertThrows(AssertionError.class, () -> BackendContract.verify(flawed));
        String expected = switch (flaw) {
            case SEED_IGNORED -> "the same seed drew different numbers";
            case KEPT_LOSS_COUNTED_TWICE -> "sum(w x^2) kept, then sum(x^2)";
            case ZERO_GRADIENT_IGNORED -> "gradient after zeroGradient";
        };
        assertTrue(failure.getMessage().contains(expected), failure.getMessage());
    }

    /** The cpu backend with one method broken. */
    private record Flawed(Backend real, Flaw flaw) implements Backend {
        @Override public String name() { return "flawed"; }
        @Override public Device device() { return real.device(); }
        @Override public int threads() { return real.threads(); }
        @Override public NDManager newManager() { return real.newManager(); }
        @Override public GradientCollector newGradientCollector() { return real.newGradientCollector(); }
        @Override public void backward(NDArray loss) { real.backward(loss); }
        @Override public Map<String, String> describe() { return real.describe(); }

        @Override
        public void seed(long seed) {
            real.seed(flaw == Flaw.SEED_IGNORED ? System.nanoTime() : seed);
        }

        @Override
        public void backwardKeepingGraph(NDArray loss) {
            // keeps the graph, but the flawed one back-propagates the loss twice
            real.backwardKeepingGraph(loss);
            if (flaw == Flaw.KEPT_LOSS_COUNTED_TWICE) {
                real.backwardKeepingGraph(loss);
            }
        }

        @Override
        public void zeroGradient(NDArray array) {
            if (flaw != Flaw.ZERO_GRADIENT_IGNORED) {
                real.zeroGradient(array);
            }
        }
    }
}
