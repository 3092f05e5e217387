package org.vqforge.runner.discovery;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;

/**
 * A class loader whose {@code META-INF/services} files are those under one test resource folder,
 * instead of every jar's on the test class path. Classes still come from the test class path, so a
 * test sees exactly the providers its folder lists, and none of the real plugins.
 */
public final class ServiceFilesLoader extends ClassLoader {

    private static final String SERVICES = "META-INF/services/";

    private final String folder;

    /** @param folder a test resource folder holding a {@code META-INF/services} folder, e.g. {@code discovery/basic} */
    public ServiceFilesLoader(String folder) {
        super("services-" + folder, ServiceFilesLoader.class.getClassLoader());
        this.folder = folder.endsWith("/") ? folder : folder + "/";
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (name.startsWith(SERVICES)) {
            return getParent().getResources(folder + name);
        }
        return super.getResources(name);
    }

    @Override
    public URL getResource(String name) {
        if (name.startsWith(SERVICES)) {
            return getParent().getResource(folder + name);
        }
        return super.getResource(name);
    }
}
