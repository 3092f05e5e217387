package org.vqforge.launchers.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Spark settings the launcher's parameters make. */
class SparkSettingsTest {

    private static SparkSettings settings(String master, Map<String, String> conf) {
        return new SparkSettings(master, 2, "512m", 3, true, conf, Path.of("/opt/spark"), Path.of("/vqf/spark.jar"),
                Path.of("/vqf/spark-driver.jar"), List.of(), 60);
    }

    @Test
    void localMastersGetTheirRetriesAndStayOnLoopback() {
        assertEquals("local[2,3]", settings("local[2]", Map.of()).sparkConf().get("spark.master"));
        assertEquals("local[*,3]", settings("local[*]", Map.of()).sparkConf().get("spark.master"));
        assertEquals("local[1,3]", settings("local", Map.of()).sparkConf().get("spark.master"));
        assertEquals("local[2,7]", settings("local[2,7]", Map.of()).sparkConf().get("spark.master"), "a given retry count is kept");
        Map<String, String> local = settings("local[2]", Map.of()).sparkConf();
        assertEquals("127.0.0.1", local.get("spark.driver.bindAddress"));
        assertEquals("2", local.get("spark.task.cpus"));
        assertEquals("/vqf/spark.jar:/vqf/spark-driver.jar", local.get("spark.executor.extraClassPath"));
    }

    @Test
    void aClusterMasterKeepsItsUrlAndSparksOwnRetrySetting() {
        Map<String, String> conf = settings("spark://10.1.2.3:7077", Map.of()).sparkConf();
        assertEquals("spark://10.1.2.3:7077", conf.get("spark.master"));
        assertEquals("3", conf.get("spark.task.maxFailures"));
        assertFalse(conf.containsKey("spark.driver.bindAddress"), "a cluster's driver binds where Spark decides");
        assertEquals("127.0.0.1", settings("spark://127.0.0.1:7077", Map.of()).sparkConf().get("spark.driver.host"));
    }

    @Test
    void confEntriesWinAndMalformedOnesAreNamed() {
        Map<String, String> conf = SparkSettings.parseConf(" spark.task.maxFailures=9  spark.locality.wait=0s ");
        assertEquals(Map.of("spark.task.maxFailures", "9", "spark.locality.wait", "0s"), conf);
        assertEquals("9", settings("spark://10.1.2.3:7077", conf).sparkConf().get("spark.task.maxFailures"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> SparkSettings.parseConf("a=1 =2"));
        assertTrue(bad.getMessage().startsWith("conf: '=2' is not KEY=VALUE"), bad.getMessage());
    }

    @Test
    void aMasterUrlWithoutAPortIsRefused() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> settings("spark://10.1.2.3", Map.of()).checkMasterReachable());
        assertTrue(bad.getMessage().contains("is not a master URL (allowed: local[N], spark://HOST:PORT"), bad.getMessage());
    }

    @Test
    void theDriverJarLiesBesideThePluginJar() {
        assertEquals(Path.of("/vqf/t/vqforge-launcher-spark-1-driver.jar"),
                SparkSettings.driverCode(Path.of("/vqf/t/vqforge-launcher-spark-1.jar")));
    }
}
