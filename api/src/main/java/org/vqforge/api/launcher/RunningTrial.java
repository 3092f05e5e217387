package org.vqforge.api.launcher;

import java.util.Map;

/** A trial that was started: wait for it, or stop it. */
public interface RunningTrial {

    /** Blocks until the trial ends; its exit status, 0 for success. */
    int await() throws InterruptedException;

    /** Stops the trial (the study is being interrupted); {@link #await()} then returns non-zero. */
    void cancel();

    /**
     * What the launcher knows about how the trial ran (e.g. {@code type}, {@code master},
     * {@code executorHost}, {@code retries}), read once {@link #await()} has returned; the study
     * records it under {@code launcher} in the trial's provenance.json. Values are strings,
     * numbers or booleans.
     */
    default Map<String, Object> facts() {
        return Map.of();
    }
}
