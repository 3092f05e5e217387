package org.vqforge.runner.provenance;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/** What provenance records about the software and the machine: versions, git commit, OS, CPU. */
public final class MachineFacts {

    private MachineFacts() {}

    /** vqforge's version (from the runner jar's Maven metadata) and the git commit of its source tree, when known. */
    public static JsonObject vqforge() {
        JsonObject o = new JsonObject();
        o.addProperty("version", version().orElse(null));
        o.addProperty("gitCommit", gitCommit(codeLocation()).orElse(null));
        return o;
    }

    /** Java's version, vendor and VM. */
    public static JsonObject java() {
        JsonObject o = new JsonObject();
        o.addProperty("version", System.getProperty("java.version"));
        o.addProperty("vendor", System.getProperty("java.vendor"));
        o.addProperty("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        return o;
    }

    /** The OS name, version and architecture. */
    public static JsonObject os() {
        JsonObject o = new JsonObject();
        o.addProperty("name", System.getProperty("os.name"));
        o.addProperty("version", System.getProperty("os.version"));
        o.addProperty("arch", System.getProperty("os.arch"));
        return o;
    }

    /** The CPU model (from /proc/cpuinfo where there is one) and the cores this JVM sees. */
    public static JsonObject cpu() {
        JsonObject o = new JsonObject();
        o.addProperty("model", cpuModel(Path.of("/proc/cpuinfo")).orElse(System.getProperty("os.arch")));
        o.addProperty("cores", Runtime.getRuntime().availableProcessors());
        return o;
    }

    static Optional<String> cpuModel(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return Optional.of(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the architecture stands in
        }
        return Optional.empty();
    }

    static Optional<String> version() {
        try (InputStream in = MachineFacts.class.getResourceAsStream(
                "/META-INF/maven/org.vqforge/vqforge-runner/pom.properties")) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            p.load(in);
            return Optional.ofNullable(p.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path codeLocation() {
        try {
            return Path.of(MachineFacts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /**
     * The commit checked out in the git work tree above {@code start}, read from {@code .git}
     * directly (no git binary needed): HEAD, then the ref it names, loose or packed.
     */
    static Optional<String> gitCommit(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path git = dir.resolve(".git");
            if (Files.isDirectory(git)) {
                return headCommit(git);
            }
        }
        return Optional.empty();
    }

    static Optional<String> headCommit(Path git) {
        try {
            String head = Files.readString(git.resolve("HEAD")).trim();
            if (!head.startsWith("ref:")) {
                return Optional.of(head);
            }
            String ref = head.substring(4).trim();
            Path loose = git.resolve(ref);
            if (Files.isRegularFile(loose)) {
                return Optional.of(Files.readString(loose).trim());
            }
            Path packed = git.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                List<String> lines = Files.readAllLines(packed);
                for (String line : lines) {
                    if (line.endsWith(" " + ref)) {
                        return Optional.of(line.substring(0, line.indexOf(' ')));
                    }
                }
            }
        } catch (IOException e) {
            // an unreadable .git: the commit is unknown
        }
        return Optional.empty();
    }
}
