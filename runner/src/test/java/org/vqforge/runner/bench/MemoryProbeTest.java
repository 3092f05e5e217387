package org.vqforge.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryProbeTest {

    @Test
    void parsesKilobyteFields() {
        String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
        assertEquals(204800L * 1024, MemoryProbe.parse(status, "VmHWM:").getAsLong());
        assertEquals(102400L * 1024, MemoryProbe.parse(status, "VmRSS:").getAsLong());
        assertTrue(MemoryProbe.parse(status, "VmSwap:").isEmpty());
    }

    @Test
    void readsThisProcessOnLinux() {
        if (System.getProperty("os.name").startsWith("Linux")) {
            long rss = MemoryProbe.rss().getAsLong();
            assertTrue(rss > 1 << 20 && rss <= MemoryProbe.peakRss().getAsLong(), "rss " + rss);
        }
    }
}
