package org.vqforge.runner.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.vqforge.api.backend.EngineProfiler;
import org.vqforge.runner.train.StepRecord;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingSession;

/**
 * Records the engine's profile of a window of steps: from the end of step {@code first} (after
 * the warm-up, whose one-off allocations would swamp the steady state) for {@code count} steps.
 */
public final class ProfileListener implements TrainingListener {

    private final Supplier<EngineProfiler> profiler;
    private final Path trace;
    private final long first;
    private final long last;
    private boolean running;
    private long profiledSteps;

    /**
     * @param profiler the backend's, looked up when recording starts (the backend is built with the run)
     * @param first the step after which recording starts
     * @param count how many steps it records (fewer when the run ends first)
     */
    public ProfileListener(Supplier<EngineProfiler> profiler, Path trace, long first, long count) {
        this.profiler = profiler;
        this.trace = trace;
        this.first = first;
        this.last = first + count;
    }

    @Override
    public void onStep(TrainingSession session, StepRecord record) {
        if (record.step() == first) {
            profiler.get().start();
            running = true;
        } else if (running && (record.step() == last || record.step() == record.totalSteps())) {
            stop(record.step() - first);
        }
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        if (running) {
            stop(profiledSteps);
        }
    }

    /** Steps inside the recorded window; 0 when the run ended before it began. */
    public long profiledSteps() {
        return profiledSteps;
    }

    /** Where the trace went. */
    public Path trace() {
        return trace;
    }

    private void stop(long steps) {
        running = false;
        profiledSteps = steps;
        try {
            profiler.get().stop(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
