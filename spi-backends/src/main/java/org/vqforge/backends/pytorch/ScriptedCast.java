package org.vqforge.backends.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A cast that DJL's own ops cannot make, as a small TorchScript module in the backend's jar (made
 * by scripts/make-casts.py): {@link #FLIP_BFLOAT16} turns bfloat16 into float32 and anything else
 * into bfloat16 (DJL's JNI has no bfloat16 in its dtype table: asking aborts the process), {@link
 * #CHANNELS_LAST} gives four-dimensional arrays the channels-last layout (DJL has no memory
 * formats). DJL's toType runs with autograd off, which would cut the graph; these modules run with
 * it on, so the casts are recorded and gradients come back to float32 parameters in float32. A
 * bfloat16 array's DJL data type reads UNKNOWN.
 */
final class ScriptedCast implements AutoCloseable {

    static final String FLIP_BFLOAT16 = "flip-bfloat16.pt";
    static final String CHANNELS_LAST = "channels-last.pt";

    private final PtNDManager manager;
    private final PtSymbolBlock module;

    /** Loads {@code resource} onto {@code manager}, which it then owns. */
    ScriptedCast(PtNDManager manager, String resource) {
        this.manager = manager;
        try (InputStream in = ScriptedCast.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the backend's jar");
            }
            this.module = JniUtils.loadModule(manager, in, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + resource, e);
        }
    }

    /** {@code array} cast; on the array's manager. */
    NDArray apply(NDArray array) {
        // isTrain = true: autograd records the cast when the gradient collector has it on
        return IValueUtils.forward(module, new NDList(array), true).singletonOrThrow();
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
