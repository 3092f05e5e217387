package org.vqforge.backends.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.vqforge.api.backend.NearestCodeSearch;

/**
 * The nearest-code search on the CPU in Java's vector API, fused so that no distance matrix is
 * stored: it reads the rows and codes where the engine keeps them, packs the codes into
 * {@link CodePanels} and splits the rows among the backend's threads. It is offered only where it
 * beats the engine: the {@code jdk.incubator.vector} module is in the JVM and the CPU has 512-bit
 * vectors.
 */
public final class VectorSearch implements NearestCodeSearch {

    /** Codes are kept as float lane values; beyond this they would no longer be exact. */
    static final int MAX_CODES = 1 << 24;

    private static final String MODULE = "jdk.incubator.vector";

    private final int threads;
    private final ExecutorService workers;

    private VectorSearch(int threads) {
        this.threads = threads;
        // daemon threads: the backend has no close, and idle workers must not keep the JVM alive
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, task -> {
            Thread t = new Thread(task, "vqforge-search");
            t.setDaemon(true);
            return t;
        });
    }

    /** Why the search cannot run in this JVM, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return Optional.of("the JVM was started without the " + MODULE + " module (--add-modules " + MODULE + ")");
        }
        // only now may the kernel's vector classes be loaded
        if (!PanelKernel.native512()) {
            return Optional.of("this CPU has no 512-bit vectors");
        }
        return Optional.empty();
    }

    /**
     * A search running on {@code threads} threads.
     *
     * @throws IllegalStateException when {@link #unavailableReason()} gives a reason
     */
    public static VectorSearch create(int threads) {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException("the vector search is unavailable: " + reason);
        });
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return new VectorSearch(threads);
    }

    @Override
    public NDArray nearest(NDArray rows, NDArray codebook) {
        NearestCodeSearch.requireRowsAndCodebook(rows, codebook);
        if (rows.getDataType() != DataType.FLOAT32 || codebook.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("the vector search takes float32, got "
                    + rows.getDataType() + " and " + codebook.getDataType());
        }
        int n = Math.toIntExact(rows.getShape().get(0));
        int k = Math.toIntExact(codebook.getShape().get(0));
        int d = Math.toIntExact(rows.getShape().get(1));
        if (k < 1 || k > MAX_CODES || (long) n * d > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the vector search takes 1 to " + MAX_CODES + " codes and fewer than 2^31 "
                    + "row values, got K = " + k + " and N x D = " + (long) n * d);
        }
        long[] nearest = new long[n];
        // views and any contiguous copies the engine makes for them live on the scratch manager
        try (NDManager scratch = rows.getManager().newSubManager()) {
            CodePanels codes = CodePanels.of(view(codebook, scratch), k, d);
            searchAll(view(rows, scratch), n, codes, nearest);
        }
        return rows.getManager().create(nearest);
    }

    /**
     * The array's values in place, in native order: a detached alias on {@code scratch} read
     * directly, without a copy when the tensor is contiguous and on the CPU.
     */
    private static FloatBuffer view(NDArray array, NDManager scratch) {
        NDArray alias = array.stopGradient();
        alias.attach(scratch);
        return alias.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Splits the rows into one run of whole {@link PanelKernel#ROWS} blocks per thread. */
    private void searchAll(FloatBuffer rows, int n, CodePanels codes, long[] nearest) {
        int blocks = (n + PanelKernel.ROWS - 1) / PanelKernel.ROWS;
        int parts = Math.min(threads, blocks);
        if (parts <= 1) {
            PanelKernel.search(rows, 0, n, codes, nearest);
            return;
        }
        int perPart = (blocks + parts - 1) / parts * PanelKernel.ROWS;
        List<Future<?>> running = new ArrayList<>();
        for (int part = 1; part < parts; part++) {
            int from = Math.min(n, part * perPart);
            int to = Math.min(n, from + perPart);
            // absolute reads only, so the workers share the buffer
            running.add(workers.submit(() -> PanelKernel.search(rows, from, to, codes, nearest)));
        }
        PanelKernel.search(rows, 0, Math.min(n, perPart), codes, nearest);
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while searching", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a search thread failed", e.getCause());
            }
        }
    }
}
