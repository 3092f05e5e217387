package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.model.VqModel;

class ProgressListenerTest {

    /** A session of 40 steps resumed at step 10; only its steps matter here. */
    private static final TrainingSession SESSION = new TrainingSession() {
        @Override public Experiment experiment() { return null; }
        @Override public RunDirectory runDirectory() { return null; }
        @Override public VqModel model() { return null; }
        @Override public long startStep() { return 10; }
        @Override public long totalSteps() { return 40; }
        @Override public Path checkpoint() { return null; }
    };

    @Test
    void offATerminalProgressIsAPlainLineEveryTenSecondsAndAtTheEnd() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressListener listener = new ProgressListener(false, new PrintStream(bytes, true, StandardCharsets.UTF_8), 10);
        listener.onStart(SESSION);
        for (long step = 11; step <= 40; step++) {
            double elapsed = (step - 10) * 1.5; // 1.5 s a step
            listener.onStep(SESSION, new StepRecord(step, 40, 0.125, Map.of(), Map.of(), 256.0, elapsed));
        }
        listener.onEnd(SESSION, true);

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
        assertEquals("1:01:01", ProgressListener.clock(3661));
        assertEquals("59:59", ProgressListener.clock(3599));
    }
}
