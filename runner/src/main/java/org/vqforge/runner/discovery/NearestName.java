package org.vqforge.runner.discovery;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Finds the known name a misspelt one was probably meant to be. */
public final class NearestName {

    private NearestName() {}

    /**
     * The candidate with the smallest edit distance to {@code wanted} (ignoring case), if it is close
     * enough to be a typo: at most half the length of the longer word, and at most 3 edits. Ties go
     * to the alphabetically first candidate, so the answer does not depend on discovery order.
     */
    public static Optional<String> among(String wanted, Collection<String> candidates) {
        String w = wanted.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int distance = LevenshteinDistance.getDefaultInstance().apply(w, c);
            int limit = Math.min(3, Math.max(1, Math.max(w.length(), c.length()) / 2));
            if (distance > limit) {
                continue;
            }
            if (distance < bestDistance || (distance == bestDistance && candidate.compareToIgnoreCase(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }
}
