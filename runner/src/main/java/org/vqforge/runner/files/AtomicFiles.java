package org.vqforge.runner.files;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files so that readers see the old content or the complete new content, never a half
 * written file: a temporary file in the same directory, then a rename. Every file the runner writes
 * goes through here: configs, metrics, evaluations, images, reports, feature networks, checkpoints.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code target} through a temporary file and a rename. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    /**
     * Writes what {@code content} produces to {@code target}: into a temporary file in the same
     * directory (parents created), flushed to disk, then renamed over {@code target}. On any failure
     * the temporary file is removed and {@code target} is as it was.
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileOutputStream raw = new FileOutputStream(tmp.toFile());
                    OutputStream out = new BufferedOutputStream(raw)) {
                content.writeTo(out);
                out.flush();
                raw.getFD().sync();
            }
            readableByAll(tmp);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Publishes a directory assembled under a temporary name in {@code target}'s parent by one rename
     * (a checkpoint): readers see the old {@code target}, none, or the whole new one.
     */
    public static void publishDirectory(Path assembled, Path target) throws IOException {
        if (Files.exists(target)) {
            deleteTree(target);
        }
        Files.move(assembled, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes a directory and everything under it. */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Temporary files are created private; results are meant to be shared like any other file. */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }
}
