package org.vqforge.api.launcher;

import java.io.IOException;

/**
 * Starts trials. Each trial must run in its own process (DJL allows one gradient collector per
 * JVM); a launcher may run many at once, and the study decides how many it asks for.
 */
public interface TrialLauncher extends AutoCloseable {

    /**
     * Starts {@code trial} and returns without waiting for it.
     *
     * @throws IOException when the trial could not be started at all
     */
    RunningTrial start(TrialRequest trial) throws IOException;

    /**
     * Releases what the launcher holds (a cluster connection); called once the study has no trial
     * running. Nothing by default.
     */
    @Override
    default void close() {}
}
