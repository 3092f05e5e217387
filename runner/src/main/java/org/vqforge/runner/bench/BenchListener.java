package org.vqforge.runner.bench;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.vqforge.runner.train.StepRecord;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingSession;

/**
 * Measures a benchmark run: throughput after the warm-up steps (as the peer script does: the
 * first min(10, N/10) steps are excluded), peak RSS, VmRSS after every step, and the RSS growth from
 * step 200 to the last step.
 */
public final class BenchListener implements TrainingListener {

    /** The step whose RSS is the baseline for the growth figure. */
    public static final long RSS_BASE_STEP = 200;

    private final int batchSize;
    private long warmSteps;
    private long warmStart;
    private long end;
    private long steps;
    /** VmRSS after each step (index = step), 0 where it could not be read. */
    private long[] rssByStep = new long[0];

    public BenchListener(int batchSize) {
        this.batchSize = batchSize;
    }

    /**
     * The figures, once the run has ended. {@code rssGrowthPct} compares the RSS levels (see
     * {@link RssGrowth}) at step 200 and at the last step; {@code rssGrowthPointPct} the two single
     * readings, as the bench reported before; null when the run was too short.
     */
    public record Result(long steps, double imagesPerSecond, Double peakRssMb, Double rssGrowthPct,
            Double rssGrowthPointPct) {}

    /** Steps left out of the throughput: min(10, N / 10), as the peer does. */
    public static long warmSteps(long totalSteps) {
        return Math.min(10, totalSteps / 10);
    }

    @Override
    public void onStart(TrainingSession session) {
        warmSteps = warmSteps(session.totalSteps());
        rssByStep = new long[(int) session.totalSteps() + 1];
        warmStart = System.nanoTime();
    }

    @Override
    public void onStep(TrainingSession session, StepRecord record) {
        if (record.step() < rssByStep.length) {
            rssByStep[(int) record.step()] = MemoryProbe.rss().orElse(0);
        }
        if (record.step() == warmSteps) {
            warmStart = System.nanoTime();
        }
        if (record.step() == record.totalSteps()) {
            end = System.nanoTime();
            steps = record.step();
        }
    }

    /** VmRSS in bytes after each step, index = step (index 0 unused); 0 where it could not be read. */
    public long[] rssByStep() {
        return rssByStep.clone();
    }

    /** The figures; the growth is present only when the run went well past step 200. */
    public Result result(long minStepsForGrowth) {
        double seconds = (end - warmStart) / 1e9;
        double imagesPerSecond = (steps - warmSteps) * (double) batchSize / seconds;
        OptionalLong peak = MemoryProbe.peakRss();
        boolean longEnough = steps >= minStepsForGrowth;
        return new Result(steps, imagesPerSecond, peak.isPresent() ? peak.getAsLong() / 1048576.0 : null,
                longEnough ? boxed(RssGrowth.levelGrowthPct(rssByStep, (int) RSS_BASE_STEP, (int) steps)) : null,
                longEnough ? boxed(RssGrowth.pointGrowthPct(rssByStep, (int) RSS_BASE_STEP, (int) steps)) : null);
    }

    private static Double boxed(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
