package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.testing.TestUsageEvents;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.ChildServer;
import org.usagelens.web.testing.Seeds;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * A 100,000-row CSV export from a server whose heap is capped far below the export's size: it
 * streams, and the server's own heap metric stays flat while it does.
 */
class CsvExportMemoryTest {
    private static final int ROWS = 100_000;
    private static final String HEAP_LIMIT = "-Xmx64m";
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"} ([0-9.eE+]+)$");

    @Test
    void hundredThousandRowExport_streamsInBoundedMemory(@TempDir Path dataDir) throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        try (TestServer migrator = TestServer.start(new org.usagelens.web.wiring.ServerSettings("127.0.0.1", 0, dataDir,
                db.jdbcUrl(), db.user(), db.password(), List.of(), TestServer.JWT_SECRET, null, null, false, 2), db)) {
            // Starting once migrates the schema of the fresh database.
            assertThat(migrator.get("/health", null).statusCode()).isEqualTo(200);
        }
        List<NewUsageLog> logs = new ArrayList<>(ROWS);
        Instant t0 = TestClock.standard().instant().minusSeconds(ROWS + 60);
        for (int i = 0; i < ROWS; i++) {
            logs.add(TestUsageEvents.log("csv-user", "k" + i, Category.VIDEO, "alibaba/wan-2.5/text-to-video",
                    t0.plusSeconds(i), 200, "0.0123456789", TestUsageEvents.detected("wavespeed")));
        }
        Seeds.insert(db, logs);

        try (ChildServer server = ChildServer.start(db, dataDir, TestClock.standard(), HEAP_LIMIT)) {
            HttpClient http = HttpClient.newHttpClient();
            URI base = server.base();

            List<Double> heap = new ArrayList<>();
            heap.add(heapUsed(http, base));
            HttpResponse<InputStream> csv = http.send(HttpRequest.newBuilder(base.resolve("/api/subscription/usage-logs.csv"))
                    .header("Authorization", "Bearer " + TestTokens.forUser("csv-user")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(csv.statusCode()).isEqualTo(200);
            long lines = 0;
            long bytes = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines++;
                    bytes += line.length() + 2;
                    if (lines % 10_000 == 0) {
                        heap.add(heapUsed(http, base));
                    }
                }
            }
            assertThat(lines).isEqualTo(ROWS + 1L);
            double peak = heap.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            // The export is several times larger than the heap ceiling, and the heap in use stays well below it.
            assertThat(bytes).isGreaterThan(20L * 1024 * 1024);
            assertThat(peak).as("heap samples %s", heap).isLessThan(56.0 * 1024 * 1024);
            assertThat(server.isAlive()).isTrue();
            System.out.printf("CSV export: %d lines, %d bytes, server heap samples (MB): %s%n", lines, bytes,
                    heap.stream().map(h -> String.format("%.1f", h / 1048576)).toList());
        }
    }

    private static double heapUsed(HttpClient http, URI base) throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = HEAP_USED.matcher(metrics);
        assertThat(m.find()).as("jvm_memory_used_bytes{area=\"heap\"} in /metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
