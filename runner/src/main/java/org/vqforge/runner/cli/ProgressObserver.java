package org.vqforge.runner.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.vqforge.runner.embed.Progress;
import org.vqforge.runner.embed.TrainingObserver;

/**
 * Progress of a run: step, loss, images/s and ETA. On a terminal a redrawn progress bar; anywhere
 * else (a log file, CI, nohup, a study's trial.log) one plain line every {@link #PLAIN_EVERY_SECONDS}
 * seconds and at the last step, so logs get no carriage-return redraws.
 */
final class ProgressObserver implements TrainingObserver {

    /** Seconds between two plain progress lines. */
    public static final double PLAIN_EVERY_SECONDS = 10;

    private final boolean terminal;
    private final PrintStream plainOut;
    private final double plainEverySeconds;
    private ProgressBar bar;
    private double lastPlainLine;
    private long startStep;

    /** A bar when this process talks to a terminal, plain lines on stdout otherwise. */
    ProgressObserver() {
        this(System.console() != null, System.out, PLAIN_EVERY_SECONDS);
    }

    /**
     * @param terminal whether to draw a bar
     * @param plainOut where plain lines go
     * @param plainEverySeconds seconds between plain lines
     */
    ProgressObserver(boolean terminal, PrintStream plainOut, double plainEverySeconds) {
        this.terminal = terminal;
        this.plainOut = plainOut;
        this.plainEverySeconds = plainEverySeconds;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        lastPlainLine = 0;
        this.startStep = startStep;
        if (!terminal) {
            plainOut.printf(Locale.ROOT, "train: step %d of %d%n", startStep, totalSteps);
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .showSpeed()
                .setUnit(" step", 1)
                .build();
        bar.stepTo(startStep);
    }

    @Override
    public void onStep(Progress record) {
        if (bar != null) {
            bar.stepTo(record.step());
            bar.setExtraMessage(String.format(" loss %.4f  %.0f img/s", record.loss(), record.imagesPerSecond()));
        } else if (!terminal && (record.elapsedSeconds() - lastPlainLine >= plainEverySeconds
                || record.step() == record.totalSteps())) {
            lastPlainLine = record.elapsedSeconds();
            plainOut.println(plainLine(record, startStep));
        }
    }

    /** {@code train: step 120/468 (25.6%)  loss 0.0412  612 img/s  elapsed 0:25  ETA 1:13}. */
    static String plainLine(Progress record, long startStep) {
        long done = record.step() - startStep;
        double eta = done > 0 ? record.elapsedSeconds() / done * (record.totalSteps() - record.step()) : 0;
        return String.format(Locale.ROOT, "train: step %d/%d (%.1f%%)  loss %.4f  %.0f img/s  elapsed %s  ETA %s",
                record.step(), record.totalSteps(), 100.0 * record.step() / Math.max(1, record.totalSteps()), record.loss(),
                record.imagesPerSecond(), clock(record.elapsedSeconds()), clock(eta));
    }

    /** Seconds as m:ss, or h:mm:ss from an hour on. */
    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Override
    public void onEnd(boolean completed) {
        if (bar != null) {
            bar.close();
        }
        plainOut.flush();
    }
}
