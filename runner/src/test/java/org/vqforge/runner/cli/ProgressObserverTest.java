package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.runner.embed.Progress;

class ProgressObserverTest {

    @Test
    void offATerminalProgressIsAPlainLineEveryTenSecondsAndAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressObserver listener = new ProgressObserver(false, new PrintStream(bytes, true, StandardCharsets.UTF_8), 10);
        listener.onStart(10, 40); // resumed at step 10
        for (long step = 11; step <= 40; step++) {
            double elapsed = (step - 10) * 1.5; // 1.5 s a step
            listener.onStep(new Progress(step, 40, 0.125, Map.of(), Map.of(), 256.0, elapsed));
        }
        listener.onEnd(true);

        String log = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("\r"), log);
        // lines at 10.5 s (step 17), 21 s (step 24), 31.5 s (step 31), 42 s (step 38), then the last step
        assertEquals(List.of(
                "train: step 10 of 40",
                "train: step 17/40 (42.5%)  loss 0.1250  256 img/s  elapsed 0:11  ETA 0:35",
                "train: step 24/40 (60.0%)  loss 0.1250  256 img/s  elapsed 0:21  ETA 0:24",
                "train: step 31/40 (77.5%)  loss 0.1250  256 img/s  elapsed 0:32  ETA 0:14",
                "train: step 38/40 (95.0%)  loss 0.1250  256 img/s  elapsed 0:42  ETA 0:03",
                "train: step 40/40 (100.0%)  loss 0.1250  256 img/s  elapsed 0:45  ETA 0:00"), log.lines().toList());
    }

    @Test
    void longRunsShowHours() {
        assertEquals("1:01:01", ProgressObserver.clock(3661));
        assertEquals("59:59", ProgressObserver.clock(3599));
    }
}
