package org.vqforge.runner.files;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one writer of a run directory: an exclusive OS lock ({@link FileChannel#tryLock}) on
 * {@value #FILE} in the directory, which holds the holder's pid and host for the error a second
 * writer gets. The OS releases the lock when the process ends, however it ends (kill -9 included),
 * so a stale lock file means nothing: only the lock counts.
 */
public final class RunLock implements AutoCloseable {

    public static final String FILE = "run.lock";

    /**
     * Directories this JVM holds. File locks belong to the process, so a second lock from this JVM
     * is refused here, without opening the file again (closing any descriptor of a locked file
     * drops the process's POSIX lock on it).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir}, creating the directory if needed.
     *
     * @throws RunDirectoryInUseException when another process, or this one, holds it
     */
    public static RunLock acquire(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!HELD.add(root)) {
            throw new RunDirectoryInUseException(root, "this process (" + holder() + ")");
        }
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve(FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // held through another channel of this JVM: the same as another process holding it
                lock = null;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                String holder = recordedHolder(channel);
                channel.close();
                throw new RunDirectoryInUseException(root, holder);
            }
            byte[] record = ("pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(record), 0);
            return new RunLock(root, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(root);
            throw e;
        }
    }

    /** What the holder wrote into the lock file, or a plain word when it has not written yet. */
    private static String recordedHolder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "another process" : text;
    }

    private static String holder() {
        return "pid " + ProcessHandle.current().pid() + " on " + hostName();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown host");
        }
    }

    /** The locked directory. */
    public Path directory() {
        return dir;
    }

    /** Releases the lock; the file stays (deleting it could race with a process about to lock it). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD.remove(dir);
        }
    }
}
