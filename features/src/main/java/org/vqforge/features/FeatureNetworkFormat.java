package org.vqforge.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The header of a feature network file (see the package documentation for the whole layout). */
final class FeatureNetworkFormat {

    /** The first eight bytes of every feature network file. */
    static final byte[] MAGIC = "VQFFEATN".getBytes(StandardCharsets.US_ASCII);

    /** The one format version this code writes and reads. */
    static final int VERSION = 1;

    /** Bounds on header numbers, so a damaged header cannot ask for absurd allocations. */
    private static final int MAX_STAGES = 64;
    private static final int MAX_DIMENSION = 1 << 16;

    private FeatureNetworkFormat() {}

    static void writeHeader(DataOutputStream out, FeatureNetworkSpec spec) throws IOException {
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(spec.inputChannels());
        out.writeInt(spec.imageSize());
        out.writeInt(spec.stages());
        for (int channels : spec.stageChannels()) {
            out.writeInt(channels);
        }
        out.writeInt(spec.classes());
    }

    /**
     * Reads and checks the header.
     *
     * @param source how to name the file in messages
     */
    static FeatureNetworkSpec readHeader(DataInputStream in, String source) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        int read = in.readNBytes(magic, 0, magic.length);
        if (read < magic.length || !Arrays.equals(magic, MAGIC)) {
            throw new FeatureNetworkException(source + " is not a vqforge feature network: it does not start with '"
                    + new String(MAGIC, StandardCharsets.US_ASCII) + "'");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new FeatureNetworkException(source + " has feature network format version " + version
                    + "; this vqforge reads version " + VERSION + " only");
        }
        int inputChannels = dimension(in, "inputChannels", source);
        int imageSize = dimension(in, "imageSize", source);
        int stages = in.readInt();
        if (stages < 1 || stages > MAX_STAGES) {
            throw new FeatureNetworkException(source + " has a damaged header: " + stages
                    + " stages (allowed: 1 to " + MAX_STAGES + ")");
        }
        List<Integer> channels = new ArrayList<>();
        for (int i = 0; i < stages; i++) {
            channels.add(dimension(in, "stage " + i + " channels", source));
        }
        int classes = in.readInt();
        if (classes < 0 || classes > MAX_DIMENSION) {
            throw new FeatureNetworkException(source + " has a damaged header: classes " + classes
                    + " (allowed: 0 to " + MAX_DIMENSION + ")");
        }
        try {
            return new FeatureNetworkSpec(inputChannels, imageSize, channels, classes);
        } catch (IllegalArgumentException e) {
            throw new FeatureNetworkException(source + " has a damaged header: " + e.getMessage(), e);
        }
    }

    private static int dimension(DataInputStream in, String what, String source) throws IOException {
        int v = in.readInt();
        if (v < 1 || v > MAX_DIMENSION) {
            throw new FeatureNetworkException(source + " has a damaged header: " + what + " " + v
                    + " (allowed: 1 to " + MAX_DIMENSION + ")");
        }
        return v;
    }
}
