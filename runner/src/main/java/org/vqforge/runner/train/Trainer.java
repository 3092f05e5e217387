package org.vqforge.runner.train;

import java.io.IOException;

/** Trains a run to its configured number of steps, resuming from its latest checkpoint if any. */
public interface Trainer {

    void run() throws IOException;
}
