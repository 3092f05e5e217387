package org.vqforge.runner.cli;

import picocli.CommandLine.Option;

/** How many images a PNG grid shows and how many to a row: the options of reconstruct and decode. */
final class GridOptions {

    @Option(names = "--count", paramLabel = "N", defaultValue = "32", description = "images shown, the first ones (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--columns", paramLabel = "N", defaultValue = "16", description = "images per row (default: ${DEFAULT-VALUE})")
    int columns;

    /** @throws UserInputException when either is below 1 */
    GridOptions check() {
        if (count < 1 || columns < 1) {
            throw new UserInputException("--count and --columns must be at least 1");
        }
        return this;
    }
}
