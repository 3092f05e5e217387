package org.vqforge.runner.eval;

import java.nio.file.Path;

/**
 * The Fréchet distance of an evaluation, or why there is none.
 *
 * @param network the feature network file measured through, or the one looked for
 * @param distance the distance; NaN when skipped
 * @param skipped why it was not measured; empty when it was
 */
public record FrechetResult(Path network, double distance, String skipped) {

    static FrechetResult skipped(Path network, String reason) {
        return new FrechetResult(network, Double.NaN, reason);
    }

    public boolean measured() {
        return skipped.isEmpty();
    }
}
