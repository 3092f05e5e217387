package org.vqforge.quantizers.fsq;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: collects garbage, which frees the Java direct buffers nothing references any more,
 * and refills freed native memory with 0x7f bytes. Run between a forward and a backward pass, it
 * turns a constant that the autograd graph reads from a released buffer into about 3.4e38.
 */
public final class NativeMemoryChurn {

    private NativeMemoryChurn() {}

    /** Returns the number of filler buffers it allocated. */
    public static int run() {
        List<ByteBuffer> filler = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            for (int i = 0; i < 2000; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(4 + (i % 64) * 4);
                while (buffer.hasRemaining()) {
                    buffer.put((byte) 0x7f);
                }
                filler.add(buffer);
            }
        }
        return filler.size();
    }
}
