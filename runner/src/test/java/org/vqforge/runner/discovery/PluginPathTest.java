package org.vqforge.runner.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginPathTest {

    @TempDir
    Path dir;

    /** A jar with {@code entries} (name to content). */
    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static String problem(String value) {
        return assertThrows(PluginPathException.class, () -> PluginPath.check(value)).getMessage();
    }

    @Test
    void aJarThatProvidesAnExtensionPointPassesAndSoDoesAFolderHoldingIt() throws IOException {
        Path plugin = jar("my-quantizer.jar", Map.of(
                "META-INF/services/org.vqforge.api.quantizer.QuantizerProvider", "com.example.MyProvider\n",
                "com/example/MyProvider.class", "not read"));
        PluginPath.check(plugin.toString());
        PluginPath.check(dir.toString());
        PluginPath.check("");
        PluginPath.check(null);
    }

    @Test
    void aMissingEntryAFileThatIsNotAJarAndAJarWithoutProvidersAreNamed() throws IOException {
        Path good = jar("good.jar", Map.of(
                "META-INF/services/org.vqforge.api.backend.BackendProvider", "com.example.B\n",
                "com/example/B.class", "x"));
        assertEquals("VQF_PLUGINS entry /nonexistent/plugin.jar does not exist",
                problem(good + ":/nonexistent/plugin.jar"));

        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertEquals("VQF_PLUGINS entry " + notes + " is not a jar or a folder", problem(notes.toString()));

        Path library = jar("library.jar", Map.of("com/example/Util.class", "x",
                "META-INF/services/java.sql.Driver", "com.example.Util\n"));
        assertEquals("VQF_PLUGINS entry " + library + " provides no vqforge extension point (no module-info 'provides'"
                + " or META-INF/services entry for org.vqforge.api.*)", problem(library.toString()));

        Path broken = Files.writeString(dir.resolve("broken.jar"), "not a zip");
        assertEquals("VQF_PLUGINS entry " + broken + " cannot be read as a module: ",
                problem(broken.toString()).replaceAll("module: .*", "module: "));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertEquals("VQF_PLUGINS entry " + empty + " holds no jar or module", problem(empty.toString()));
    }
}
