package org.vqforge.runner.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A terminal progress bar: step, loss, images/s and ETA (the bar computes the ETA). */
public final class ProgressListener implements TrainingListener {

    private ProgressBar bar;

    @Override
    public void onStart(TrainingSession session) {
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(session.totalSteps())
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .showSpeed()
                .setUnit(" step", 1)
                .build();
        bar.stepTo(session.startStep());
    }

    @Override
    public void onStep(TrainingSession session, StepRecord record) {
        bar.stepTo(record.step());
        bar.setExtraMessage(String.format(" loss %.4f  %.0f img/s", record.loss(), record.imagesPerSecond()));
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        if (bar != null) {
            bar.close();
        }
    }
}
