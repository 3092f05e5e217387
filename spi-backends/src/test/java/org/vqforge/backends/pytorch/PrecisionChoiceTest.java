package org.vqforge.backends.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vqforge.api.backend.Precision;

class PrecisionChoiceTest {

    @Test
    void autoIsBf16OnlyOnACpuWithTheBf16Instructions() {
        Set<String> zen4 = Set.of("avx512f", "avx512_bf16", "avx512_vnni");
        Set<String> skylake = Set.of("avx512f", "avx512_vnni");
        assertEquals(Precision.BF16, PrecisionChoice.resolve("auto", false, zen4));
        assertEquals(Precision.FP32, PrecisionChoice.resolve("auto", false, skylake));
        assertEquals(Precision.FP32, PrecisionChoice.resolve("auto", true, zen4), "a GPU device is not the CPU");
        assertEquals(Precision.BF16, PrecisionChoice.resolve("bf16", false, skylake), "asked for, it is given");
        assertEquals(Precision.FP32, PrecisionChoice.resolve("fp32", false, zen4));
        assertThrows(IllegalArgumentException.class, () -> PrecisionChoice.resolve("fp16", false, zen4));
    }

    @Test
    void flagsComeFromTheFirstProcessorsFlagsLine() {
        String cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx512f avx512_bf16\n"
                + "bugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: fpu\n";
        assertEquals(Set.of("fpu", "avx512f", "avx512_bf16"), PrecisionChoice.flags(cpuinfo));
        assertEquals(Set.of(), PrecisionChoice.flags("processor\t: 0\n"));
    }
}
