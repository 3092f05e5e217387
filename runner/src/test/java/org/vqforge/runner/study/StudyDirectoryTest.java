package org.vqforge.runner.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyDirectoryTest {

    @TempDir
    Path dir;

    private static Map<String, Object> study(String base, String invokedAs) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", "s");
        d.put("base", base);
        d.put("seeds", List.of(0L, 1L));
        d.put(StudyDirectory.INVOCATION, Map.of("config", invokedAs));
        return d;
    }

    @Test
    void theSameStudyClaimsItsFolderAgainHoweverItWasInvoked() throws IOException {
        StudyDirectory folder = new StudyDirectory(dir.resolve("study"));
        folder.claim(study("/a.yaml", "/study.yaml"));
        assertTrue(folder.exists());
        byte[] written = Files.readAllBytes(folder.studyFile());
        folder.claim(study("/a.yaml", "/elsewhere/study-dir"));
        assertArrayEquals(written, Files.readAllBytes(folder.studyFile()), "study.yaml is not rewritten");
    }

    @Test
    void anotherStudyIsRefusedAndNothingIsOverwritten() throws IOException {
        StudyDirectory folder = new StudyDirectory(dir.resolve("study"));
        folder.claim(study("/a.yaml", "/study.yaml"));
        byte[] written = Files.readAllBytes(folder.studyFile());
        String message = assertThrows(StudyException.class, () -> folder.claim(study("/b.yaml", "/study.yaml"))).getMessage();
        assertTrue(message.contains("holds a different study") && message.contains("differs in base"), message);
        assertArrayEquals(written, Files.readAllBytes(folder.studyFile()));
    }

    @Test
    void aNonEmptyFolderWithoutAStudyIsRefused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(folder.resolve("notes.txt"), "mine");
        String message = assertThrows(StudyException.class,
                () -> new StudyDirectory(folder).claim(study("/a.yaml", "/s.yaml"))).getMessage();
        assertTrue(message.contains("is not empty and holds no study.yaml"), message);
        assertFalse(Files.exists(folder.resolve(StudyDirectory.STUDY)));
    }
}
