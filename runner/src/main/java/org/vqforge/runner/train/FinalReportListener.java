package org.vqforge.runner.train;

import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;

/** When a run completes: the model type's {@link FinalReport}. */
public final class FinalReportListener implements TrainingListener {

    private final FinalReport report;

    @Inject
    public FinalReportListener(FinalReport report) {
        this.report = report;
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        if (!completed) {
            return;
        }
        try {
            report.write(session);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
