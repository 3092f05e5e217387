package org.vqforge.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.Plugin;

class LossProvidersTest {

    @Test
    void everyProviderIsFoundWithItsKindAndDocumentedDefaults() {
        Map<String, LossKind> kinds = new TreeMap<>();
        for (var p : ServiceLoader.load(LossProvider.class).stream().toList()) {
            LossProvider provider = p.get();
            kinds.put(p.type().getAnnotation(Plugin.class).name(), provider.kind());
            for (ParameterSpec spec : provider.schema().specs()) {
                assertEquals(false, spec.doc().isBlank(), spec.name() + " is documented");
            }
        }
        assertEquals(Map.of("mse", LossKind.RECONSTRUCTION, "l1", LossKind.RECONSTRUCTION,
                "perceptual", LossKind.RECONSTRUCTION, "hinge", LossKind.ADVERSARIAL,
                "non-saturating", LossKind.ADVERSARIAL, "wasserstein", LossKind.ADVERSARIAL), kinds);
    }

    @Test
    void wassersteinDefaultsToTheGradientPenaltyOfWeightTen() {
        LossProvider w = new org.vqforge.losses.adversarial.WassersteinLossProvider();
        assertEquals(Map.of("penalty", "gp", "gpWeight", 10.0, "clipValue", 0.01), w.schema().defaults().asMap());
    }
}
