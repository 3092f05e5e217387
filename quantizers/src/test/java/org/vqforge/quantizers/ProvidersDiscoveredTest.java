package org.vqforge.quantizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.quantizer.QuantizerProvider;

/** The module's services file lists every quantizer under its name (the runner finds no others). */
class ProvidersDiscoveredTest {

    @Test
    void theServiceLoaderFindsEveryQuantizerOfTheModuleUnderItsName() {
        Set<String> names = new TreeSet<>();
        for (ServiceLoader.Provider<QuantizerProvider> p : ServiceLoader.load(QuantizerProvider.class).stream().toList()) {
            names.add(p.type().getAnnotation(Plugin.class).name());
        }
        assertEquals(new TreeSet<>(Set.of("vq", "ema", "gumbel", "fsq", "lfq", "residual", "product", "simvq")), names);
    }
}
