package org.vqforge.losses.pixel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.Plugin;

class PixelLossProviderTest {

    @Test
    void bothAreFoundByTheServiceLoaderAsParameterlessReconstructionLosses() {
        Map<String, LossProvider> byName = new HashMap<>();
        for (var p : ServiceLoader.load(LossProvider.class).stream().toList()) {
            byName.put(p.type().getAnnotation(Plugin.class).name(), p.get());
        }
        for (String name : new String[] {"mse", "l1"}) {
            LossProvider provider = byName.get(name);
            assertTrue(provider != null, name + " in " + byName.keySet());
            assertEquals(LossKind.RECONSTRUCTION, provider.kind());
            assertTrue(provider.schema().specs().isEmpty(), name + " has no parameters");
        }
    }
}
