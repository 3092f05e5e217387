package org.vqforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChartsTest {

    @Test
    void logAxisTicksArePlainValuesWithoutTrailingZeros() {
        assertEquals("0.1", Charts.tick(0.1));
        assertEquals("0.0125", Charts.tick(0.0125));
        assertEquals("0.0631", Charts.tick(0.0630957));
        assertEquals("100", Charts.tick(100));
        assertEquals("250", Charts.tick(250.4));
        assertEquals("1e-05", Charts.tick(1e-5));
        assertEquals("2.5e-07", Charts.tick(2.5e-7));
    }

    @Test
    void usedCodesAreTheNonZeroCounts() {
        assertEquals(2, Charts.used(new long[] {0, 5, 0, 2, 0}));
        assertEquals(0, Charts.used(new long[0]));
    }
}
