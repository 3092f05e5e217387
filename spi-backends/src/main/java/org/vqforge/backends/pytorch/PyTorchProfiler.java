package org.vqforge.backends.pytorch;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vqforge.api.backend.EngineProfiler;

/** libtorch's autograd profiler through DJL's JNI: records shapes, not memory (cheaper). */
final class PyTorchProfiler implements EngineProfiler {

    private final boolean gpu;

    PyTorchProfiler(boolean gpu) {
        this.gpu = gpu;
    }

    @Override
    public void start() {
        JniUtils.startProfile(gpu, true, false);
    }

    @Override
    public void stop(Path chromeTrace) throws IOException {
        Path absolute = chromeTrace.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        JniUtils.stopProfile(absolute.toString());
        if (!Files.isRegularFile(absolute)) {
            throw new IOException(absolute + ": the engine's profiler wrote no trace");
        }
    }
}
