package org.vqforge.runner.tokens;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the tokenizer run a stage-2 model names (bound by whoever builds the run's injector). */
@FunctionalInterface
public interface TokenizerRuns {

    /**
     * @throws IOException when the run's files cannot be read
     * @throws RuntimeException naming the folder when it holds no run or no complete checkpoint
     */
    Tokenizer open(Path runDirectory) throws IOException;
}
