package org.vqforge.api.backend;

import java.io.IOException;
import java.nio.file.Path;

/** The engine's own per-operator profiler, where the backend has one. */
public interface EngineProfiler {

    /** Starts recording every engine operator this thread runs (with input shapes). */
    void start();

    /**
     * Stops recording and writes what was recorded as a Chrome trace (JSON, one complete event
     * per operator call; a browser's trace viewer opens it).
     */
    void stop(Path chromeTrace) throws IOException;
}
