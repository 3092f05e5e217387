package org.vqforge.launchers.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vqforge.api.launcher.JavaCommand;
import org.vqforge.api.plugin.Parameters;

/**
 * The launcher's parameters, checked, and the Spark settings they make.
 *
 * @param master the master URL as given
 * @param cpusPerTrial {@code spark.task.cpus}
 * @param executorMemory {@code spark.executor.memory}
 * @param maxFailures attempts per trial
 * @param sharedStudyDir whether executors see the study folder
 * @param extraConf the {@code conf} entries
 * @param sparkHome the folder whose {@code jars/} holds Spark
 * @param pluginCode this plugin's jar (or classes folder): the task package, for the executors' class path
 * @param driverCode the jar of the driver package (the classes folder in a build), for Spark's class loader and the executors
 * @param javaOptions JVM options of each trial
 * @param executorWaitSeconds how long to wait for a fitting executor
 */
record SparkSettings(String master, int cpusPerTrial, String executorMemory, int maxFailures, boolean sharedStudyDir,
        Map<String, String> extraConf, Path sparkHome, Path pluginCode, Path driverCode, List<String> javaOptions,
        int executorWaitSeconds) {

    /** local, local[4], local[*], local[4,2]: Spark retries local tasks only with the second number. */
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)(?:,(\\d+))?])?");
    private static final int CONNECT_TIMEOUT_MILLIS = 3000;

    SparkSettings {
        extraConf = Map.copyOf(extraConf);
        javaOptions = List.copyOf(javaOptions);
    }

    /** @throws IllegalArgumentException for a value that cannot work, naming the parameter */
    static SparkSettings of(Parameters p) {
        Path code = ownCode();
        String home = p.getString("sparkHome").isBlank() ? System.getenv().getOrDefault("VQF_SPARK_HOME", "") : p.getString("sparkHome");
        Path sparkHome = home.isBlank() ? code.getParent().resolve("spark") : Path.of(home);
        if (!Files.isDirectory(sparkHome.resolve("jars"))) {
            throw new IllegalArgumentException("sparkHome: " + sparkHome.resolve("jars") + " does not exist; build it with "
                    + "`mvn -B -DskipTests package -pl launchers/spark -am` (downloads Spark, about 245 MB) or point "
                    + "sparkHome / VQF_SPARK_HOME at a folder whose jars/ holds Spark 4.1 for Scala 2.13");
        }
        Path driver = driverCode(code);
        if (!Files.exists(driver)) {
            throw new IllegalArgumentException("the spark launcher's driver jar " + driver + " is missing; build it with "
                    + "`mvn -B -DskipTests package -pl launchers/spark -am`");
        }
        return new SparkSettings(p.getString("master").trim(), p.getInt("cpusPerTrial"), p.getString("executorMemory"),
                p.getInt("maxFailures"), p.getBoolean("sharedStudyDir"), parseConf(p.getString("conf")), sparkHome, code, driver,
                JavaCommand.trialOptions(p.getString("javaOptions")), p.getInt("executorWait"));
    }

    /** {@code KEY=VALUE KEY=VALUE}. */
    static Map<String, String> parseConf(String conf) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : conf.trim().split("\\s+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("conf: '" + entry + "' is not KEY=VALUE (allowed: space-separated "
                        + "Spark settings, e.g. conf=\"spark.locality.wait=0s spark.scheduler.mode=FAIR\")");
            }
            entries.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return entries;
    }

    boolean local() {
        return LOCAL.matcher(master).matches();
    }

    /** The Spark settings of the study's application; {@code conf} entries win over the launcher's. */
    Map<String, String> sparkConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.app.name", "vqforge study");
        conf.put("spark.master", localWithRetries());
        conf.put("spark.task.cpus", Integer.toString(cpusPerTrial));
        conf.put("spark.task.maxFailures", Integer.toString(maxFailures));
        conf.put("spark.executor.memory", executorMemory);
        // executors load the task's code (and nothing else of vqforge) from the same install path
        conf.put("spark.executor.extraClassPath", pluginCode + java.io.File.pathSeparator + driverCode);
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.log.level", "WARN");
        if (local() || loopback()) {
            // one machine: nothing listens beyond loopback
            conf.put("spark.driver.host", "127.0.0.1");
            conf.put("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.putAll(extraConf);
        return conf;
    }

    /** local[N] as local[N,maxFailures], unless the URL already says how often to try. */
    private String localWithRetries() {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches() || m.group(2) != null) {
            return master;
        }
        return "local[" + (m.group(1) == null ? "1" : m.group(1)) + "," + maxFailures + "]";
    }

    private boolean loopback() {
        return standaloneMasters().stream().allMatch(a -> a.getAddress() != null && a.getAddress().isLoopbackAddress())
                && !standaloneMasters().isEmpty();
    }

    /** The host:port of each master of a {@code spark://} URL (several for high availability); empty for other masters. */
    List<InetSocketAddress> standaloneMasters() {
        if (!master.startsWith("spark://")) {
            return List.of();
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            try {
                java.net.URI uri = new java.net.URI("spark://" + hostPort);
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new URISyntaxException(hostPort, "no host:port");
                }
                addresses.add(new InetSocketAddress(uri.getHost(), uri.getPort()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("master: '" + master + "' is not a master URL (allowed: local[N], "
                        + "spark://HOST:PORT[,HOST:PORT], yarn, k8s://...)");
            }
        }
        return addresses;
    }

    /**
     * Fails fast when no master of a {@code spark://} URL answers: Spark itself would retry for a
     * minute before giving up.
     */
    void checkMasterReachable() {
        List<InetSocketAddress> masters = standaloneMasters();
        List<String> problems = new ArrayList<>();
        for (InetSocketAddress address : masters) {
            try (Socket socket = new Socket()) {
                socket.connect(address, CONNECT_TIMEOUT_MILLIS);
                return;
            } catch (IOException e) {
                problems.add(address.getHostString() + ":" + address.getPort() + " (" + e.getMessage() + ")");
            }
        }
        if (!masters.isEmpty()) {
            throw new IllegalArgumentException("master: no Spark master answers at " + String.join(", ", problems)
                    + "; is the master running, and is " + master + " its URL?");
        }
    }

    /** The driver jar beside the plugin's jar (NAME-driver.jar); in a build, the same classes folder. */
    static Path driverCode(Path pluginCode) {
        String name = pluginCode.getFileName().toString();
        if (Files.isDirectory(pluginCode) || !name.endsWith(".jar")) {
            return pluginCode;
        }
        return pluginCode.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-driver.jar");
    }

    /** Where this plugin's classes come from: its jar, or its classes folder in a build. */
    private static Path ownCode() {
        try {
            return Path.of(SparkSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the spark launcher's own jar", e);
        }
    }
}
