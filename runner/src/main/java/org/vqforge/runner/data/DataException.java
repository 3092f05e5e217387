package org.vqforge.runner.data;

import java.nio.file.Path;

/** A dataset file is missing, truncated or not what it claims to be. The message names the file. */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataException(String message) {
        super(message);
    }
}
