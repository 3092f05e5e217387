package org.vqforge.launchers.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Spark's jars and this plugin's {@code driver} package, in a loader whose parent is the platform
 * loader: none of the runner's libraries can clash with Spark's, and Spark's never reach the
 * module path. Only the {@code task} package is taken from this module, so a trial's task and
 * outcome are the same classes on both sides. One loader per Spark folder and JVM: a study after
 * another reuses the classes Spark took seconds to load.
 */
final class SparkClassLoader extends URLClassLoader {

    static final String SHARED_PACKAGE = "org.vqforge.launchers.spark.task.";

    private static final Map<Path, SparkClassLoader> LOADED = new ConcurrentHashMap<>();

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader module;

    private SparkClassLoader(URL[] urls, ClassLoader module) {
        super("spark", urls, ClassLoader.getPlatformClassLoader());
        this.module = module;
    }

    /** The loader for the jars in {@code sparkHome/jars}, with the driver package's {@code driverCode} first. */
    static SparkClassLoader of(Path sparkHome, Path driverCode) {
        return LOADED.computeIfAbsent(sparkHome.toAbsolutePath().normalize(), home -> {
            List<URL> urls = new ArrayList<>();
            try (Stream<Path> jars = Files.list(home.resolve("jars"))) {
                urls.add(driverCode.toUri().toURL());
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SparkClassLoader(urls.toArray(URL[]::new), SparkClassLoader.class.getClassLoader());
        });
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(SHARED_PACKAGE)) {
            return module.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
