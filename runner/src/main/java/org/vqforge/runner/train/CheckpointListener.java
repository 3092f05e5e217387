package org.vqforge.runner.train;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Saves a checkpoint every {@code train.checkpointEvery} steps and after the last step. A run that
 * stopped on an error saves nothing, so the last good checkpoint stays the newest.
 */
public final class CheckpointListener implements TrainingListener {

    private long lastSaved = -1;

    @Override
    public void onStep(TrainingSession session, StepRecord record) {
        int every = session.experiment().train().checkpointEvery();
        if (every > 0 && record.step() % every == 0 && record.step() < record.totalSteps()) {
            save(session, record.step());
        }
    }

    @Override
    public void onEnd(TrainingSession session, boolean completed) {
        if (completed && lastSaved != session.totalSteps()
                && !(session.startStep() == session.totalSteps() && session.runDirectory().latestCheckpoint().isPresent())) {
            save(session, session.totalSteps());
        }
    }

    private void save(TrainingSession session, long step) {
        try {
            session.checkpoint();
            lastSaved = step;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save checkpoint: " + e.getMessage(), e);
        }
    }
}
