package org.vqforge.runner.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self times from a hand-written trace whose nesting is known. */
class OpProfileTest {

    @TempDir
    Path dir;

    /**
     * Thread 1: conv [0, 100) calls mkldnn [10, 90), which calls empty [20, 25); then add [100, 110)
     * and a second add [120, 125). Thread 2: backward [0, 50) calls mkldnn [5, 45) (another thread:
     * it must not count as a child of thread 1's conv). Self: conv 100 - 80 = 20; mkldnn (80 - 5) +
     * 40 = 115; empty 5; add 15; backward 50 - 40 = 10. Total 165. The instant event is ignored.
     */
    static final String TRACE = "[\n"
            + "{\"name\": \"aten::add\", \"ph\": \"X\", \"ts\": 120, \"dur\": 5, \"tid\": 1, \"pid\": \"CPU\"},\n"
            + "{\"name\": \"aten::empty\", \"ph\": \"X\", \"ts\": 20, \"dur\": 5, \"tid\": 1, \"pid\": \"CPU\"},\n"
            + "{\"name\": \"aten::mkldnn_convolution\", \"ph\": \"X\", \"ts\": 10, \"dur\": 80, \"tid\": 1},\n"
            + "{\"name\": \"aten::conv2d\", \"ph\": \"X\", \"ts\": 0, \"dur\": 100, \"tid\": 1},\n"
            + "{\"name\": \"aten::add\", \"ph\": \"X\", \"ts\": 100, \"dur\": 10, \"tid\": 1},\n"
            + "{\"name\": \"ConvolutionBackward0\", \"ph\": \"X\", \"ts\": 0, \"dur\": 50, \"tid\": 2},\n"
            + "{\"name\": \"aten::mkldnn_convolution\", \"ph\": \"X\", \"ts\": 5, \"dur\": 40, \"tid\": 2},\n"
            + "{\"name\": \"marker\", \"ph\": \"i\", \"ts\": 7, \"tid\": 1}\n"
            + "]\n";

    @Test
    void selfTimeIsDurationLessDirectChildrenOnTheSameThread() throws IOException {
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, TRACE);
        OpProfile profile = OpProfile.read(trace);
        assertEquals(List.of(
                new OpProfile.Op("aten::mkldnn_convolution", 2, 115),
                new OpProfile.Op("aten::conv2d", 1, 20),
                new OpProfile.Op("aten::add", 2, 15),
                new OpProfile.Op("ConvolutionBackward0", 1, 10),
                new OpProfile.Op("aten::empty", 1, 5)), profile.ops());
        assertEquals(165, profile.totalSelfMicros(), 1e-9);
    }

    @Test
    void tableGivesMillisecondsSharesAndCallsPerStep() throws IOException {
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, "{\"traceEvents\": " + TRACE + "}");
        String table = OpProfile.read(trace).table(2, 5);
        String[] lines = table.split("\n");
        assertEquals(4, lines.length, table);
        // 115 us over 5 steps = 0.023 ms a step, 115 / 165 = 69.7 %, 2 calls / 5 steps
        assertTrue(lines[1].matches("aten::mkldnn_convolution\\s+0\\.02\\s+69\\.7%\\s+0\\.4"), lines[1]);
        assertTrue(lines[3].matches("all 5 ops\\s+0\\.03\\s+100\\.0%\\s+1\\.4"), lines[3]);
    }

    @Test
    void somethingElseIsAClearError() throws IOException {
        Path trace = dir.resolve("not-a-trace.json");
        Files.writeString(trace, "{\"steps\": 3}");
        IOException e = assertThrows(IOException.class, () -> OpProfile.read(trace));
        assertTrue(e.getMessage().contains("not-a-trace.json"), e.getMessage());
    }
}
