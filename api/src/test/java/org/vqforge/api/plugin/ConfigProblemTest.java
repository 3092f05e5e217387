package org.vqforge.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

    @Test
    void requireNoneListsEveryProblemAndPassesAnEmptyList() {
        ConfigProblem.requireNone(List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigProblem.requireNone(
                List.of(new ConfigProblem("heads", "3 does not divide 64"), new ConfigProblem("kernel", "4 is even"))));
        assertEquals("[heads: 3 does not divide 64, kernel: 4 is even]", e.getMessage());
    }

    @Test
    void underPrefixesTheKey() {
        assertEquals("model.quantizer.beta", new ConfigProblem("beta", "m").under("model.quantizer").key());
        assertEquals("beta", new ConfigProblem("beta", "m").under("").key());
    }
}
