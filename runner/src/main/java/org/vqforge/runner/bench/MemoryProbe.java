package org.vqforge.runner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident memory of this process from /proc/self/status (Linux); empty elsewhere. */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {}

    /** Current resident set size in bytes. */
    public static OptionalLong rss() {
        return field("VmRSS:");
    }

    /** Peak resident set size in bytes. */
    public static OptionalLong peakRss() {
        return field("VmHWM:");
    }

    static OptionalLong parse(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                long value = Long.parseLong(parts[0]);
                long unit = parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? 1024 : 1;
                return OptionalLong.of(value * unit);
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong field(String key) {
        try {
            return parse(Files.readString(STATUS), key);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
