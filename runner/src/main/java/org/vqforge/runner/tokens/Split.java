package org.vqforge.runner.tokens;

import java.util.Locale;

/**
 * Where tokens come from: a part of a run's dataset (the images it trained on, the held-out test
 * images), or a prior's samples.
 */
public enum Split {
    TRAIN,
    TEST,
    /** Drawn from a prior ({@code vqf sample --tokens}); no images behind them. */
    SAMPLED;

    /** The parts of a dataset a tokenizer encodes. */
    public static final java.util.List<Split> DATASET = java.util.List.of(TRAIN, TEST);

    /** The name as commands and token files write it: {@code train}, {@code test}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The split called {@code name}, one of {@code allowed}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Split named(String name, java.util.List<Split> allowed) {
        for (Split s : allowed) {
            if (s.label().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "' (allowed: "
                + String.join(", ", allowed.stream().map(Split::label).toList()) + ")");
    }
}
