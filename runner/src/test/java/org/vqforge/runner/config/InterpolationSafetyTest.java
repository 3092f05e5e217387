package org.vqforge.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.runner.config.ConfigFixtures.fails;
import static org.vqforge.runner.config.ConfigFixtures.problemAt;
import static org.vqforge.runner.config.ConfigFixtures.resolver;
import static org.vqforge.runner.config.ConfigFixtures.write;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ${...}} may only name other keys of the same config: a config file must not be able to
 * read files or URLs, resolve host names, read the environment, or run scripts.
 */
class InterpolationSafetyTest {

    private static final String SECRET = "vqforge-secret-" + System.nanoTime();

    @TempDir
    Path dir;

    /** Resolves {@code experiment.name: <expression>} and returns the problem message about it. */
    private String nameProblem(String expression) {
        Path file = write(dir, "exp.yaml", "experiment:\n  name: \"" + expression + "\"\n");
        ConfigException e = fails(() -> resolver().resolve(file, List.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        String message = problemAt(e, "experiment.name").message();
        assertTrue(message.startsWith("cannot resolve '" + expression + "'"), message);
        return e.getMessage();
    }

    @Test
    void fileLookupIsNotEvaluated() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);

        String message = nameProblem("${file:UTF-8:" + secret + "}");

        assertFalse(message.contains(SECRET), message);
    }

    @Test
    void urlLookupIsNotEvaluated() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);

        String message = nameProblem("${url:UTF-8:" + secret.toUri() + "}");

        assertFalse(message.contains(SECRET), message);
    }

    @Test
    void systemFilesAreNotRead() throws IOException {
        String message = nameProblem("${file:UTF-8:/etc/hostname}") + nameProblem("${url:UTF-8:file:///etc/passwd}");

        assertFalse(message.contains("root:"), message);
        Path hostname = Path.of("/etc/hostname");
        if (Files.isReadable(hostname)) {
            String contents = Files.readString(hostname).strip();
            if (!contents.isEmpty()) {
                assertFalse(message.contains(": " + contents) || message.contains("'" + contents + "'"), message);
            }
        }
    }

    @Test
    void dnsLookupIsNotEvaluated() {
        String message = nameProblem("${dns:address|localhost}");

        assertFalse(message.contains(InetAddress.getLoopbackAddress().getHostAddress()), message);
    }

    @Test
    void scriptsAreNotRun() {
        nameProblem("${script:javascript:java.lang.System.setProperty('vqforge.pwned', 'yes')}");

        assertNull(System.getProperty("vqforge.pwned"));
    }

    /** Lookups that Commons Configuration enables by default, and that would succeed here if on. */
    @Test
    void noDefaultPrefixLookupIsInstalled() {
        String message = nameProblem("${const:java.lang.Integer.MAX_VALUE}")
                + nameProblem("${base64Decoder:SGVsbG8=}")
                + nameProblem("${date:yyyy}");

        assertFalse(message.contains(String.valueOf(Integer.MAX_VALUE)), message);
        assertFalse(message.contains("Hello"), message);
    }

    @Test
    void environmentAndSystemPropertiesAreNotRead() {
        String message = nameProblem("${sys:user.home}") + nameProblem("${env:PATH}") + nameProblem("${java:version}");

        assertFalse(message.contains(System.getProperty("user.home") + "'"), message);
        assertFalse(message.contains(System.getProperty("java.version")), message);
    }

    @Test
    void propertiesFilesAreGuardedToo() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
        Path file = write(dir, "exp.properties", "experiment.name = ${file:UTF-8:" + secret + "}\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertTrue(problemAt(e, "experiment.name").message().startsWith("cannot resolve"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void overridesAreGuardedToo() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
        Path file = write(dir, "exp.yaml", "");

        ConfigException e = fails(() -> resolver().resolve(file, List.of("experiment.name=${file:UTF-8:" + secret + "}")));

        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(problemAt(e, "experiment.name").message().endsWith("(set on the command line)"));
    }

    @Test
    void aReferenceToAKeyNotSetIsAProblem() {
        String message = nameProblem("${train.seed}");

        assertTrue(message.contains("only references to other keys set in this config"), message);
    }

    @Test
    void circularReferencesAreAProblem() {
        Path file = write(dir, "exp.yaml", "train:\n  seed: ${train.steps}\n  steps: ${train.seed}\n");

        ConfigException e = fails(() -> resolver().resolve(file, List.of()));

        assertTrue(problemAt(e, "train.seed").message().startsWith("circular reference"), e.getMessage());
        assertTrue(problemAt(e, "train.steps").message().startsWith("circular reference"), e.getMessage());
    }
}
