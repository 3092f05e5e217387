package org.vqforge.api.launcher;

/** A trial that was started: wait for it, or stop it. */
public interface RunningTrial {

    /** Blocks until the trial ends; its exit status, 0 for success. */
    int await() throws InterruptedException;

    /** Stops the trial (the study is being interrupted); {@link #await()} then returns non-zero. */
    void cancel();
}
