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

    @Test
    void aHalfOpenRangeTakesItsLowerBoundButNotItsUpper() {
        ParameterSpec decay = ParameterSchema.builder().realBelow("decay", 0.0, 0.0, 1.0, "a decay").build()
                .spec("decay").orElseThrow();
        assertEquals("[0, 1)", decay.allowed());
        assertEquals(Optional.empty(), decay.problemWith(0.0));
        assertEquals(Optional.empty(), decay.problemWith(0.999));
        assertEquals(Optional.of("1 is outside [0, 1)"), decay.problemWith(1.0));
        assertEquals(Optional.of("-0.5 is outside [0, 1)"), decay.problemWith(-0.5));
    }

    @Test
    void aHalfOpenDefaultOutsideItsRangeIsRefusedWhenDeclared() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ParameterSchema.builder().realBelow("decay", 1.0, 0.0, 1.0, "a decay"));
    }

    @Test
    void aLoneChoiceListsItsValues() {
        ParameterSpec type = ParameterSpec.choice("type", "a", List.of("a", "b"), "which");
        assertEquals("one of [a, b]", type.allowed());
        assertEquals(Optional.of("'c' is not one of [a, b]"), type.problemWith("c"));
    }
}
