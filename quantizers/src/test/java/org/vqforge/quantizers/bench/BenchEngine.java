package org.vqforge.quantizers.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.vqforge.api.backend.NearestCodeSearch;
import org.vqforge.api.testkit.DiscoveredBackend;
import org.vqforge.quantizers.common.NearestCode;

/** The engine as every benchmark uses it: PyTorch on the CPU with a fixed number of threads. */
final class BenchEngine {

    /** Intra-op threads of every benchmark, so search and matrix multiply compete on equal terms. */
    static final int THREADS = 2;

    private BenchEngine() {}

    /** A manager on the seeded PyTorch engine running {@link #THREADS} threads. */
    static NDManager open(int seed) {
        Engine engine = Engine.getEngine("PyTorch");
        JniUtils.setNumThreads(THREADS);
        engine.setRandomSeed(seed);
        return engine.newBaseManager();
    }

    /**
     * The search a quantizer gets from the {@code cpu} backend with {@link #THREADS} threads and
     * the backend parameter {@code search} set to {@code choice} (vector or engine).
     */
    static NearestCodeSearch search(String choice) {
        return DiscoveredBackend.create("cpu", Map.of("threads", THREADS, "search", choice))
                .nearestCodeSearch().orElse(NearestCode.ENGINE);
    }

    /** The process's peak resident memory in MiB (VmHWM), or -1 where /proc is missing. */
    static long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
