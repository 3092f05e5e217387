package org.vqforge.api.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trial JVM is started the way the vqf script starts vqf: module path, native jar on the class path. */
class JavaCommandTest {

    @Test
    void onTheModulePathTheTrialRunsTheRunnerModule() {
        JavaCommand command = new JavaCommand(Path.of("/jdk/bin/java"), "/lib/runner.jar:/lib/djl.jar",
                "/lib/pytorch-native-cpu.jar", List.of("-Xmn32m"));
        List<String> expected = new ArrayList<>(List.of("/jdk/bin/java", "-Xmn32m"));
        String offline = System.getProperty("ai.djl.offline");
        if (offline != null) {
            expected.add("-Dai.djl.offline=" + offline);
        }
        expected.addAll(List.of("--module-path", "/lib/runner.jar:/lib/djl.jar", "--class-path", "/lib/pytorch-native-cpu.jar",
                "--add-modules", "ALL-MODULE-PATH", "-m", "org.vqforge.runner/org.vqforge.runner.cli.Main",
                "train", "c.yaml"));
        assertEquals(expected, command.commandLine(List.of("train", "c.yaml")));
    }

    @Test
    void onTheClassPathTheTrialRunsTheMainClass() {
        JavaCommand command = new JavaCommand(Path.of("java"), "", "/a.jar:/b.jar", List.of());
        List<String> line = command.commandLine(List.of("train"));
        assertEquals(List.of("--class-path", "/a.jar:/b.jar", "org.vqforge.runner.cli.Main", "train"),
                line.subList(line.size() - 4, line.size()));
    }

    @Test
    void aTrialsOptionsAreTheLaunchersSpaceSeparatedOnes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("VQF_JAVA_OPTS") == null, "VQF_JAVA_OPTS would be appended");
        assertEquals(List.of("-Xmn32m", "-Xss2m"), JavaCommand.trialOptions("  -Xmn32m   -Xss2m "));
        assertEquals(List.of(), JavaCommand.trialOptions(" "));
    }
}
