package org.vqforge.runner.tokens;

import java.util.Locale;

/** Which part of a run's dataset: the images it trained on or the held-out test images. */
public enum Split {
    TRAIN,
    TEST;

    /** The name as commands and token files write it: {@code train}, {@code test}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The split called {@code name}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static Split named(String name) {
        for (Split s : values()) {
            if (s.label().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + name + "' (allowed: train, test)");
    }
}
