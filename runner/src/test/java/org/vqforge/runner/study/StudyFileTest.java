package org.vqforge.runner.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyFileTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void readsListLabelledAndZippedAxesAndSeeds() throws IOException {
        Path file = write("study.yaml",
                "name: demo",
                "base: configs/base.yaml",
                "set: {train.steps: 50}",
                "axes:",
                "  - key: model.quantizer.codebookSize",
                "    values: [256, 1024]",
                "  - key: model.quantizer",
                "    name: quantizer",
                "    values:",
                "      vq: {type: vq}",
                "      fsq: {type: fsq, levels: [8, 8, 8]}",
                "  - zip: {train.learningRate: [0.001, 0.0003], train.batchSize: [128, 64]}",
                "seeds: 3");
        StudySpec spec = StudyFile.read(file);
        assertEquals("demo", spec.name());
        assertEquals(dir.resolve("configs/base.yaml").toAbsolutePath(), spec.base(), "base is relative to the study file");
        assertEquals(Map.of("train.steps", 50), spec.set());
        assertEquals(List.of(0L, 1L, 2L), spec.seeds());
        assertEquals(List.of("codebookSize", "quantizer", "learningRate+batchSize"),
                spec.axes().stream().map(Axis::name).toList());
        Axis quantizer = spec.axes().get(1);
        assertEquals(List.of("vq", "fsq"), quantizer.values().stream().map(Axis.Value::label).toList());
        assertEquals(Map.of("type", "fsq", "levels", List.of(8, 8, 8)), quantizer.values().get(1).settings().get(0));
        Axis zipped = spec.axes().get(2);
        assertEquals(List.of("train.learningRate", "train.batchSize"), zipped.keys());
        assertEquals(List.of(0.0003, 64), zipped.values().get(1).settings(), "zipped keys take their values together");
        assertEquals("0.0003+64", zipped.values().get(1).label());
        assertTrue(StudyFile.isStudyFile(file));
    }

    @Test
    void anExperimentConfigIsNotAStudyFile() {
        assertFalse(StudyFile.isStudyFile(Path.of("../configs/vqvae-fashion-mnist.yaml")));
    }

    @Test
    void structuralProblemsNameTheFileAndEntry() throws IOException {
        Path file = write("bad.yaml",
                "base: base.yaml",
                "axes:",
                "  - key: model.quantizer.type",
                "    values: []",
                "  - zip: {train.steps: [1, 2], train.batchSize: [8]}",
                "  - key: train.seed",
                "    valuez: [1]",
                "seeds: [0, 0]",
                "extra: 1");
        String message = assertThrows(StudyException.class, () -> StudyFile.read(file)).getMessage();
        for (String expected : List.of(file + ": axes[0].values: empty axis model.quantizer.type",
                file + ": axes[1].zip: zipped keys need value lists of one length",
                file + ": axes[2].valuez: unknown key",
                file + ": seeds: the same seed twice",
                file + ": extra: unknown key")) {
            assertTrue(message.contains(expected), "expected '" + expected + "' in:\n" + message);
        }
    }
}
