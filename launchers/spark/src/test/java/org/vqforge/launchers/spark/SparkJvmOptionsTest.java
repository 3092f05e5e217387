package org.vqforge.launchers.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;

/**
 * Spark runs inside the vqf JVM, so that JVM needs Spark's own option list: ./vqf and this
 * module's test JVMs carry every option of the Spark version built against.
 */
class SparkJvmOptionsTest {

    /** Options of Spark's list that the JVMs get otherwise: the runner resolves the vector module itself. */
    private static final List<String> ELSEWHERE = List.of("--add-modules=jdk.incubator.vector");

    private static List<String> sparkOptions() {
        return Arrays.stream(JavaModuleOptions.defaultModuleOptions().split("\\s+"))
                .filter(o -> !o.isBlank() && !ELSEWHERE.contains(o)).toList();
    }

    @Test
    void theVqfScriptPassesSparksOptions() throws IOException {
        String script = Files.readString(Path.of("../../vqf"));
        for (String option : sparkOptions()) {
            assertTrue(script.contains(option), "./vqf lacks " + option);
        }
    }

    @Test
    void theTestJvmHasSparksOptions() {
        List<String> arguments = SparkStudies.jvmArguments();
        for (String option : sparkOptions()) {
            assertTrue(arguments.contains(option), "the Surefire argLine lacks " + option);
        }
    }
}
