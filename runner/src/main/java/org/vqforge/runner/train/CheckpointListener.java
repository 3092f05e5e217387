package org.vqforge.runner.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Saves a checkpoint every {@code train.checkpointEvery} steps and after the last step. A run that
 * stopped on an error saves nothing, so the last good checkpoint stays the newest; a save that
 * fails (a full disk) publishes nothing and says which checkpoint is the last good one.
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
            throw failed(session.runDirectory(), step, e);
        }
    }

    /** The error of a save that failed, naming the checkpoint that is still the newest. */
    static CheckpointSaveException failed(RunDirectory run, long step, IOException e) {
        Optional<Path> lastGood = run.latestCheckpoint();
        return new CheckpointSaveException("cannot save checkpoint " + run.checkpoint(step).getFileName() + " in "
                + run.checkpoints() + ": " + e.getMessage() + "; nothing of it was kept, and "
                + lastGood.map(p -> "the last good checkpoint is " + p).orElse("there is no earlier checkpoint"), e);
    }
}
