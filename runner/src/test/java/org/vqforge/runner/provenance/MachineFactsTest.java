package org.vqforge.runner.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineFactsTest {

    @TempDir
    Path dir;

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void theCommitIsFoundFromAFolderInsideTheWorkTreeThroughALooseRef() throws IOException {
        Path git = Files.createDirectories(dir.resolve(".git/refs/heads"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), COMMIT + "\n");
        Path inside = Files.createDirectories(dir.resolve("runner/target"));
        assertEquals(Optional.of(COMMIT), MachineFacts.gitCommit(inside));
    }

    @Test
    void packedRefsAndADetachedHeadAreRead() throws IOException {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/topic\n");
        Files.writeString(dir.resolve(".git/packed-refs"), "# pack-refs with: peeled\n"
                + "ffffffffffffffffffffffffffffffffffffffff refs/heads/main\n" + COMMIT + " refs/heads/topic\n");
        assertEquals(Optional.of(COMMIT), MachineFacts.gitCommit(dir));
        Files.writeString(dir.resolve(".git/HEAD"), "fedcba9876543210fedcba9876543210fedcba98\n");
        assertEquals(Optional.of("fedcba9876543210fedcba9876543210fedcba98"), MachineFacts.gitCommit(dir));
    }

    @Test
    void outsideAWorkTreeTheCommitIsUnknown() {
        assertEquals(Optional.empty(), MachineFacts.headCommit(dir.resolve("no-git")));
    }

    @Test
    void theCpuModelComesFromCpuinfo() throws IOException {
        Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz\n");
        assertEquals(Optional.of("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz"), MachineFacts.cpuModel(cpuinfo));
        assertEquals(Optional.empty(), MachineFacts.cpuModel(dir.resolve("missing")));
    }
}
