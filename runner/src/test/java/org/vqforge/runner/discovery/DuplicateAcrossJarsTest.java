package org.vqforge.runner.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.runner.discovery.fixtures.AlphaQuantizerProvider;
import org.vqforge.runner.discovery.fixtures.JarredAlphaQuantizerProvider;

/** Two plugins named alike in two different places: the error must say where each one lives. */
class DuplicateAcrossJarsTest {

    private static final String JARRED = JarredAlphaQuantizerProvider.class.getName();

    @Test
    void duplicateNamesBothClassesAndBothSources(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("other-plugins.jar");
        writeJar(jar);

        try (URLClassLoader loader = new JarFirstLoader(jar.toUri().toURL(), new ServiceFilesLoader("discovery/single"))) {
            DuplicatePluginException e = assertThrows(DuplicatePluginException.class, () -> PluginRegistry.load(
                    QuantizerProvider.class, ServiceLoader.load(QuantizerProvider.class, loader)));

            String testClasses = PluginRegistry.sourceOf(AlphaQuantizerProvider.class);
            assertEquals(AlphaQuantizerProvider.class, e.first().type());
            assertEquals(testClasses, e.first().source());
            assertEquals(JARRED, e.second().type().getName());
            assertEquals(jar.toString(), e.second().source());
            assertEquals("two quantizer plugins are named 'alpha': " + AlphaQuantizerProvider.class.getName()
                    + " from " + testClasses + " and " + JARRED + " from " + jar
                    + "; remove one of them from the class or module path", e.getMessage());
        }
    }

    @Test
    void aClassFromAJarReportsTheJarAsItsSource(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("only.jar");
        writeJar(jar);

        try (URLClassLoader loader = new JarFirstLoader(jar.toUri().toURL(), new ServiceFilesLoader("discovery/nothing-here"))) {
            PluginRegistry<QuantizerProvider> registry = PluginRegistry.load(
                    QuantizerProvider.class, ServiceLoader.load(QuantizerProvider.class, loader));

            PluginEntry entry = registry.entry("alpha").orElseThrow();
            assertEquals(jar.toString(), entry.source());
            assertTrue(entry.type().getClassLoader() == loader, "defined by the jar's loader");
        }
    }

    /** A jar holding a copy of the fixture class and a services file naming it. */
    private static void writeJar(Path jar) throws IOException {
        String classFile = JARRED.replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
                InputStream bytes = DuplicateAcrossJarsTest.class.getClassLoader().getResourceAsStream(classFile)) {
            jarOut.putNextEntry(new JarEntry(classFile));
            bytes.transferTo(jarOut);
            jarOut.closeEntry();
            jarOut.putNextEntry(new JarEntry("META-INF/services/" + QuantizerProvider.class.getName()));
            jarOut.write((JARRED + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
    }

    /** Loads the copied fixture from the jar rather than from the test classes its parent also sees. */
    private static final class JarFirstLoader extends URLClassLoader {

        JarFirstLoader(URL jar, ClassLoader parent) {
            super(new URL[] {jar}, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(JARRED)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
        }
    }
}
