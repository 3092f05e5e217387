package org.vqforge.runner.bench;

import java.util.OptionalLong;
import org.vqforge.runner.train.StepRecord;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingSession;

/**
 * Measures a benchmark run: throughput after the warm-up steps (as the peer script does: the
 * first min(10, N/10) steps are excluded), peak RSS, and RSS growth from step 200 to the last step.
 */
public final class BenchListener implements TrainingListener {

    /** The step whose RSS is the baseline for the growth figure. */
    public static final long RSS_BASE_STEP = 200;

    private final int batchSize;
    private long warmSteps;
    private long warmStart;
    private long end;
    private long steps;
    private OptionalLong rssAtBase = OptionalLong.empty();
    private OptionalLong rssAtEnd = OptionalLong.empty();

    public BenchListener(int batchSize) {
        this.batchSize = batchSize;
    }

    /** The figures, once the run has ended. */
    public record Result(long steps, double imagesPerSecond, Double peakRssMb, Double rssGrowthPct) {}

    /** Steps left out of the throughput: min(10, N / 10), as the peer does. */
    public static long warmSteps(long totalSteps) {
        return Math.min(10, totalSteps / 10);
    }

    @Override
    public void onStart(TrainingSession session) {
        warmSteps = warmSteps(session.totalSteps());
        warmStart = System.nanoTime();
    }

    @Override
    public void onStep(TrainingSession session, StepRecord record) {
        if (record.step() == warmSteps) {
            warmStart = System.nanoTime();
        }
        if (record.step() == RSS_BASE_STEP) {
            rssAtBase = MemoryProbe.rss();
        }
        if (record.step() == record.totalSteps()) {
            end = System.nanoTime();
            steps = record.step();
            rssAtEnd = MemoryProbe.rss();
        }
    }

    /** The figures; the growth is present only when the run went well past step 200. */
    public Result result(long minStepsForGrowth) {
        double seconds = (end - warmStart) / 1e9;
        double imagesPerSecond = (steps - warmSteps) * (double) batchSize / seconds;
        OptionalLong peak = MemoryProbe.peakRss();
        Double growth = steps >= minStepsForGrowth && rssAtBase.isPresent() && rssAtEnd.isPresent()
                ? 100.0 * (rssAtEnd.getAsLong() - rssAtBase.getAsLong()) / rssAtBase.getAsLong()
                : null;
        return new Result(steps, imagesPerSecond, peak.isPresent() ? peak.getAsLong() / 1048576.0 : null, growth);
    }
}
