package org.vqforge.runner.prior;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.tokens.TokenFileException;
import org.vqforge.runner.tokens.TokenHeader;

/**
 * A prior's run directory records the tokenizer it was trained on ({@value #FILE}: run, config
 * hash, checkpoint step); resuming, evaluating or sampling it through a tokenizer that changed since
 * is refused, naming both.
 */
public final class TokenizerRecord {

    public static final String FILE = "tokenizer.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private TokenizerRecord() {}

    /**
     * Records {@code tokenizer} in {@code runDirectory}, or checks it against the record there.
     *
     * @throws TokenFileException when the recorded tokenizer is another config or checkpoint
     */
    public static void recordOrCheck(Path runDirectory, TokenHeader.Tokenizer tokenizer) throws IOException {
        Path file = runDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(runDirectory);
            AtomicFiles.write(file, (GSON.toJson(tokenizer) + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        check(runDirectory, tokenizer);
    }

    /**
     * Checks {@code tokenizer} against the record of a trained prior's run directory.
     *
     * @throws TokenFileException when there is no record or it names another config or checkpoint
     */
    public static void check(Path runDirectory, TokenHeader.Tokenizer tokenizer) throws IOException {
        Path file = runDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new TokenFileException(file, "is missing: the prior in " + runDirectory + " was never trained");
        }
        TokenHeader.Tokenizer recorded;
        try {
            recorded = GSON.fromJson(Files.readString(file), TokenHeader.Tokenizer.class);
        } catch (RuntimeException e) {
            throw new TokenFileException(file, "cannot be read: " + e.getMessage());
        }
        if (recorded == null || !recorded.sameAs(tokenizer)) {
            throw new TokenFileException("the tokenizer " + tokenizer.run() + " changed since this prior was trained: "
                    + file + " records config hash " + (recorded == null ? "?" : recorded.configHash()) + " at step "
                    + (recorded == null ? "?" : recorded.checkpointStep()) + ", the run now has config hash "
                    + tokenizer.configHash() + " at step " + tokenizer.checkpointStep()
                    + "; train the prior again in another run directory");
        }
    }
}
