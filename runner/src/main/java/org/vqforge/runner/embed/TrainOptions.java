package org.vqforge.runner.embed;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * How {@link ConfiguredExperiment#trainInto} treats its run directory.
 *
 * @param fromCheckpoint resume from this step's checkpoint rather than the newest (the newer ones are
 *     set aside, renamed, not deleted); empty for the newest
 * @param newDirectoryOnly refuse a directory that holds anything (a rerun goes into a new one)
 * @param messages where lines for the user go (resuming, set aside)
 */
public record TrainOptions(OptionalLong fromCheckpoint, boolean newDirectoryOnly, Consumer<String> messages) {

    public TrainOptions {
        Objects.requireNonNull(fromCheckpoint, "fromCheckpoint");
        Objects.requireNonNull(messages, "messages");
    }

    /** Resume from the newest checkpoint, if any; messages dropped. */
    public static TrainOptions defaults() {
        return new TrainOptions(OptionalLong.empty(), false, line -> { });
    }
}
