package org.vqforge.backends.pytorch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.vqforge.api.backend.Precision;

/** {@code backend.precision}: fp32, bf16, or auto (bf16 on a CPU with native bfloat16 arithmetic). */
final class PrecisionChoice {

    /** The allowed values. */
    static final List<String> CHOICES = List.of("fp32", "bf16", "auto");

    /** The CPU flag (Linux's name) of the AVX-512 bfloat16 instructions oneDNN's bf16 kernels use. */
    static final String BF16_FLAG = "avx512_bf16";

    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private PrecisionChoice() {}

    /**
     * The precision {@code choice} means on a device; auto is bf16 only on the CPU, where it has
     * {@link #BF16_FLAG} (elsewhere bf16 would be emulated, slower than fp32).
     */
    static Precision resolve(String choice, boolean gpu, Set<String> cpuFlags) {
        switch (choice) {
            case "fp32":
                return Precision.FP32;
            case "bf16":
                return Precision.BF16;
            case "auto":
                return !gpu && cpuFlags.contains(BF16_FLAG) ? Precision.BF16 : Precision.FP32;
            default:
                throw new IllegalArgumentException("precision '" + choice + "': allowed " + CHOICES);
        }
    }

    /** The flags of the first processor in {@code cpuinfo}'s text; empty when it has none. */
    static Set<String> flags(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return Set.of(line.substring(colon + 1).trim().split("\\s+"));
            }
        }
        return Set.of();
    }

    /** This machine's CPU flags; empty where /proc/cpuinfo cannot be read (not Linux). */
    static Set<String> cpuFlags() {
        try {
            return flags(Files.readString(CPUINFO));
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
