package org.vqforge.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vqforge.runner.config.TrainSpec;

class LearningRateScheduleTest {

    /** Peak 0.002, floor 0.0002, 4 warm-up steps, 13 steps: the cosine runs over steps 4..12 (8 intervals). */
    private final LearningRateSchedule cosine = new LearningRateSchedule(0.002, 0.0002, 4, true, 13);

    @Test
    void warmUpRisesLinearlyToThePeak() {
        assertEquals(0.0005, cosine.rate(0), 1e-15);
        assertEquals(0.001, cosine.rate(1), 1e-15);
        assertEquals(0.0015, cosine.rate(2), 1e-15);
        assertEquals(0.002, cosine.rate(3), 1e-15);
    }

    @Test
    void cosineFallsFromThePeakToTheFloorAtTheLastStep() {
        assertEquals(0.002, cosine.rate(4), 1e-15, "t = 0");
        // t = 2/8: 0.0002 + 0.0018 * (1 + cos(pi/4)) / 2 = 0.0002 + 0.0018 * 0.853553390593
        assertEquals(0.00173639610307, cosine.rate(6), 1e-14);
        assertEquals(0.0011, cosine.rate(8), 1e-15, "t = 1/2: half way");
        // t = 6/8: 0.0002 + 0.0018 * (1 - cos(pi/4)) / 2 = 0.0002 + 0.0018 * 0.146446609407
        assertEquals(0.00046360389693, cosine.rate(10), 1e-14);
        assertEquals(0.0002, cosine.rate(12), 1e-15, "t = 1");
        assertEquals(0.0002, cosine.rate(20), 1e-15, "past the end (train.steps grown on resume): the floor");
        assertEquals(0.55, cosine.factor(8), 1e-12);
    }

    @Test
    void constantKeepsThePeakAfterItsWarmUp() {
        LearningRateSchedule warm = new LearningRateSchedule(0.003, 0.0, 3, false, 100);
        assertEquals(0.001, warm.rate(0), 1e-15);
        assertEquals(0.003, warm.rate(2), 1e-15);
        assertEquals(0.003, warm.rate(3), 1e-15);
        assertEquals(0.003, warm.rate(99), 1e-15);
        assertFalse(warm.isConstant());
    }

    @Test
    void theDefaultsAreTodaysConstantRate() {
        TrainSpec defaults = new TrainSpec(0, 1, 128, 1e-3, 0, 10, 0, 500);
        LearningRateSchedule plain = LearningRateSchedule.of(defaults, 468);
        assertTrue(plain.isConstant());
        for (long step : new long[] {0, 1, 233, 467}) {
            assertEquals(1e-3, plain.rate(step), 0, "step " + step);
            assertEquals(1.0, plain.factor(step), 0);
        }
    }

    @Test
    void aCosineWithoutWarmUpStartsAtThePeak() {
        LearningRateSchedule noWarmUp = new LearningRateSchedule(0.001, 0.0, 0, true, 3);
        assertEquals(0.001, noWarmUp.rate(0), 1e-15);
        assertEquals(0.0005, noWarmUp.rate(1), 1e-15);
        assertEquals(0.0, noWarmUp.rate(2), 1e-15);
    }

    @Test
    void rejectsAFloorAboveThePeak() {
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.001, 0.002, 0, true, 10));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.001, 0.0, -1, true, 10));
    }
}
