package org.vqforge.runner.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.api.prior.PriorProvider;
import org.vqforge.api.quantizer.QuantizerProvider;

class PluginsTest {

    @Test
    void eachPointGetsItsOwnRegistry() {
        Plugins plugins = Plugins.discover(new ServiceFilesLoader("discovery/basic"));

        assertEquals(List.of("fixture-backend"), plugins.backends().names());
        assertEquals(List.of("alpha", "boom", "Counting"), plugins.quantizers().names());
        assertTrue(plugins.architectures().entries().isEmpty());
        assertTrue(plugins.losses().entries().isEmpty());
        assertTrue(plugins.priors().entries().isEmpty());
        assertEquals("backend", plugins.backends().point());
        assertEquals("architecture", plugins.architectures().point());
        assertEquals("loss", plugins.losses().point());
        assertEquals("prior", plugins.priors().point());
    }

    @Test
    void registryByPointIsTheTypedOne() {
        Plugins plugins = Plugins.discover(new ServiceFilesLoader("discovery/basic"));

        assertSame(plugins.quantizers(), plugins.registry(QuantizerProvider.class));
        assertSame(plugins.backends(), plugins.registry(BackendProvider.class));
        assertSame(plugins.architectures(), plugins.registry(ArchitectureProvider.class));
        assertSame(plugins.losses(), plugins.registry(LossProvider.class));
        assertSame(plugins.priors(), plugins.registry(PriorProvider.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> plugins.registry(PluginProvider.class));
        assertTrue(e.getMessage().contains("not an extension point"), e.getMessage());
    }

    @Test
    void problemsOfAllRegistriesAreCollected() {
        Plugins plugins = Plugins.discover(new ServiceFilesLoader("discovery/basic"));

        List<PluginProblem> problems = plugins.problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().allMatch(p -> p.point().equals("quantizer")));
        assertThrows(BrokenPluginException.class, () -> plugins.quantizers().get("boom"));
        assertEquals(5, plugins.problems().size(), "a failed instantiation is added");
    }

    @Test
    void defaultDiscoveryDoesNotSeeTheTestFixtures() {
        Plugins plugins = Plugins.discover();

        assertTrue(plugins.quantizers().entry("alpha").isEmpty(), plugins.quantizers().toString());
        assertTrue(plugins.backends().entry("fixture-backend").isEmpty(), plugins.backends().toString());
    }
}
