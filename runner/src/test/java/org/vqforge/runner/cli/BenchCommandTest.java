package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few bench steps on the real data and engine: the figures it prints and the RSS trace it writes. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesOneRssReadingPerStepAndLeavesTheGrowthOutOfAShortRun() throws IOException {
        Path trace = dir.resolve("rss.csv");
        TrainEndToEndTest.Result bench = TrainEndToEndTest.vqf("bench", "--steps", "4", "--threads", "2", "--json",
                "--rss-trace", trace.toString(), "data.trainLimit=1024", "data.testLimit=128");
        assertEquals(0, bench.exitCode(), bench.err());
        String[] lines = bench.out().strip().split("\n");
        JsonObject figures = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(4, figures.get("steps").getAsInt());
        assertTrue(figures.get("rss_growth_pct").isJsonNull(), figures.toString());
        assertTrue(figures.get("rss_growth_point_pct").isJsonNull(), figures.toString());
        double peak = figures.get("peak_rss_mb").getAsDouble();

        List<String> rows = Files.readAllLines(trace);
        assertEquals("step,rss_mb", rows.get(0));
        assertEquals(5, rows.size(), rows.toString());
        for (int step = 1; step <= 4; step++) {
            String[] cells = rows.get(step).split(",");
            assertEquals(step, Integer.parseInt(cells[0]));
            double rss = Double.parseDouble(cells[1]);
            // a JVM with libtorch loaded holds well over 50 MB, and no reading exceeds the peak
            assertTrue(rss > 50 && rss <= peak + 0.01, rows.get(step) + " against peak " + peak);
        }
    }
}
