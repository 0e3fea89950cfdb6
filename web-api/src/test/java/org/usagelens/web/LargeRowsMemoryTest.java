package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.domain.model.TextRules;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.ChildServer;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * Rows as large as another writer can make them (the original system's {@code error_message} is unbounded text: here
 * 256 KB each; every other text column at its size), read back concurrently, as CSV exports and as pages of 5,000, by
 * a server whose heap is capped at a fraction of what those rows hold: a page or an export reads bounded bytes at a
 * time, so every request succeeds and every message arrives cut to its limit with the marker naming its full size.
 * Before, an export read 2,000 whole rows per chunk and one page held 5,000: 1.3 GB and 1.3 GB of text here.
 */
class LargeRowsMemoryTest {
    private static final int ROWS = 5_200;
    private static final int MESSAGE_BYTES = 256 * 1024;
    private static final String HEAP_LIMIT = "-Xmx96m";
    private static final String USER = "large-rows";

    @Test
    void concurrentExportsAndLargePages_ofMaximalRows_stayWithinASmallHeap(@TempDir Path dataDir) throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        try (TestServer migrator = TestServer.start(new org.usagelens.web.wiring.ServerSettings("127.0.0.1", 0, dataDir,
                db.jdbcUrl(), db.user(), db.password(), List.of(), TestServer.JWT_SECRET, null, null, false, 2), db)) {
            assertThat(migrator.get("/health", null).statusCode()).isEqualTo(200); // migrates the fresh database
        }
        plant(db);

        ExecutorService clients = Executors.newFixedThreadPool(6);
        try (ChildServer server = ChildServer.start(db, dataDir, TestClock.standard(), HEAP_LIMIT,
                "-XX:+ExitOnOutOfMemoryError")) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI base = server.base();
            String token = TestTokens.forUser(USER);

            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                done.add(clients.submit(() -> exportLines(http, base, token)));
                done.add(clients.submit(() -> pageRows(http, base, token)));
            }
            for (int i = 0; i < done.size(); i++) {
                long n = done.get(i).get();
                assertThat(n).as(i % 2 == 0 ? "CSV data lines" : "rows of the 5,000-row page")
                        .isEqualTo(i % 2 == 0 ? ROWS : 5000);
            }
            assertThat(server.isAlive()).as("the server survived: %s", server.log()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        } finally {
            clients.shutdownNow();
        }
    }

    /** The rows as another writer stores them: SQL straight into the table, every text at its largest. */
    private static void plant(DatabaseUrl db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, cost_total, response_time,
                        status_code, user_agent, ip_address, error_message, timestamp, billing_period,
                        actual_provider_name, detection_source, units)
                    SELECT '%s', 'video', repeat('e', 200), 'POST', repeat('m', 100), 0.5, 1.5, 500, repeat('a', 500),
                           '2001:db8:0:0:0:0:0:1', repeat(md5(g::text), %d), timestamptz '2026-11-17 00:00:00+00' + g * interval '1 s',
                           '2026-11', 'wavespeed', 'CLIENT', ('{"video_second": ' || g || ', "unknown_unit": "x"}')::jsonb
                    FROM generate_series(1, %d) g
                    """.formatted(USER, MESSAGE_BYTES / 32, ROWS));
        }
    }

    private static long exportLines(HttpClient http, URI base, String token) throws Exception {
        HttpResponse<InputStream> csv = http.send(HttpRequest.newBuilder(base.resolve("/api/subscription/usage-logs.csv"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(3)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(csv.statusCode()).isEqualTo(200);
        long lines = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv.body(), StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            assertThat(header).contains("error_message");
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).as("a CSV line").isLessThan(12 * 1024);
                assertThat(line).contains("[truncated by UsageLens: " + MESSAGE_BYTES + " bytes in all]");
            }
        }
        return lines;
    }

    private static long pageRows(HttpClient http, URI base, String token) throws Exception {
        HttpResponse<InputStream> page = http.send(HttpRequest.newBuilder(
                        base.resolve("/api/subscription/usage-logs?limit=5000&offset=100"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(3)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode body;
        try (InputStream in = page.body()) {
            body = new ObjectMapper().readTree(in);
        }
        assertThat(body.get("total_count").asLong()).isEqualTo(ROWS);
        assertThat(body.get("has_more").asBoolean()).isTrue();
        assertThat(body.get("next_cursor").isTextual()).isTrue();
        JsonNode logs = body.get("logs");
        for (JsonNode log : logs) {
            String message = log.get("error_message").asText();
            assertThat(TextRules.utf8Length(message)).isLessThanOrEqualTo(TextRules.MAX_ERROR_MESSAGE_BYTES);
            assertThat(message).endsWith("[truncated by UsageLens: " + MESSAGE_BYTES + " bytes in all]");
            // The unit another writer made up is left out; the known one is read.
            assertThat(log.get("units").has("unknown_unit")).isFalse();
            assertThat(log.get("units").has("video_second")).isTrue();
        }
        // Newest first, the 101st newest row first: offset and the chunks after it continue one another.
        assertThat(logs.get(0).get("timestamp").asText()).isEqualTo(
                java.time.Instant.parse("2026-11-17T00:00:00Z").plusSeconds(ROWS - 100).toString());
        assertThat(logs.get(4999).get("timestamp").asText()).isEqualTo(
                java.time.Instant.parse("2026-11-17T00:00:00Z").plusSeconds(ROWS - 100 - 4999).toString());
        return logs.size();
    }
}
