package org.vqforge.architectures.convresnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

class ConvResNetProviderTest {

    @Test
    void isFoundByTheServiceLoaderUnderItsName() {
        List<String> names = new ArrayList<>();
        for (var p : ServiceLoader.load(ArchitectureProvider.class).stream().toList()) {
            names.add(p.type().getAnnotation(Plugin.class).name());
        }
        assertTrue(names.contains("conv-resnet"), names.toString());
    }

    @Test
    void defaultsAreTheReferenceSizes() {
        Parameters p = new ConvResNetProvider().schema().defaults();
        assertEquals(Map.of("channels", 128, "downsamplings", 2, "resBlocks", 2, "resHidden", 32), p.asMap());
    }

    @Test
    void schemaRejectsSizesOutOfRange() {
        List<ConfigProblem> problems = new ArrayList<>();
        new ConvResNetProvider().schema().resolve(
                Map.of("channels", 0, "downsamplings", 0, "resBlocks", -1, "resHidden", 0), problems);
        assertEquals(List.of("channels", "downsamplings", "resBlocks", "resHidden"),
                problems.stream().map(ConfigProblem::key).sorted().toList());
    }
}
