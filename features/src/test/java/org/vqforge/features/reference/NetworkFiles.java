package org.vqforge.features.reference;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vqforge.features.FeatureNetwork;

/** Feature network files for tests (the runner writes real ones atomically). */
public final class NetworkFiles {

    private NetworkFiles() {}

    /** Writes {@code network} to {@code file}, creating its folder. */
    public static void write(FeatureNetwork network, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            network.writeTo(out);
        }
    }
}
