package org.vqforge.runner.files;

import java.nio.file.Path;

/** Another process (or this one) is writing into the run directory. Bad input, exit code 2. */
public class RunDirectoryInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunDirectoryInUseException(Path dir, String holder) {
        super("run directory " + dir + " is in use by " + holder + "; wait for it to end, or use another --run-dir"
                + " (the lock is " + dir.resolve(RunLock.FILE) + ", released when its holder exits)");
    }
}
