package org.vqforge.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParameterSpecTest {

    private static final ParameterSpec LEVELS = ParameterSchema.builder()
            .intList("levels", List.of(8, 5), 1, 2, null, "levels per channel").build()
            .spec("levels").orElseThrow();

    @Test
    void aListElementOutOfRangeIsNamedByPositionWithTheElementRange() {
        assertEquals(Optional.of("element 1 of [8, 1, 5]: 1 is outside [2, +inf)"),
                LEVELS.problemWith(List.of(8, 1, 5)));
    }

    @Test
    void theAllowedValuesOfAListSayEachElementsRange() {
        assertEquals("list of integers, each in [2, +inf)", LEVELS.allowed());
        assertEquals(Optional.empty(), LEVELS.problemWith(List.of(2, 3)));
    }
}
