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
 * Casts between float32 and bfloat16 through a small TorchScript module (made by
 * scripts/make-bfloat16-cast.py: bfloat16 to float32, anything else to bfloat16). DJL's own toType
 * cannot do it: its JNI has no bfloat16 in its dtype table (asking aborts the process), and it
 * casts with autograd off, which would cut the graph. The module runs with autograd on, so both
 * casts are recorded and gradients come back to float32 parameters in float32. A bfloat16 array's
 * DJL data type reads UNKNOWN (the same table).
 */
final class BFloat16Cast implements AutoCloseable {

    private static final String RESOURCE = "flip-bfloat16.pt";

    private final PtNDManager manager;
    private final PtSymbolBlock module;

    BFloat16Cast(PtNDManager manager) {
        this.manager = manager;
        try (InputStream in = BFloat16Cast.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the backend's jar");
            }
            this.module = JniUtils.loadModule(manager, in, false, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + RESOURCE, e);
        }
    }

    /** A bfloat16 {@code array} in float32, any other in bfloat16; on the array's manager. */
    NDArray flip(NDArray array) {
        // isTrain = true: autograd records the cast when the gradient collector has it on
        return IValueUtils.forward(module, new NDList(array), true).singletonOrThrow();
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
