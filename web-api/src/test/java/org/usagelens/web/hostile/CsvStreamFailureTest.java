package org.usagelens.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.wiring.ServerSettings;

/**
 * A CSV export whose database fails (issue 15, finding 5): before its first row, the answer is the one JSON error
 * body and nothing of the CSV; once rows have been sent, the transfer is aborted (never terminated), so no client can
 * take it for a complete file, and no JSON ever follows CSV. The database fails by a table lock held past the
 * server's 1 s lock timeout.
 */
class CsvStreamFailureTest {
    private static final int ROWS = 50_000;
    private static final String USER = "bulk";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        server = TestServer.start(new ServerSettings("127.0.0.1", 0, Path.of("target/test-data"), db.jdbcUrl(), db.user(),
                db.password(), List.of(TestServer.INGEST_KEY), TestServer.JWT_SECRET, null, null, false, 4,
                Duration.ofSeconds(30), Duration.ofSeconds(1)), db);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO api_usage_logs (idempotency_key, user_id, provider, endpoint, method, model_used,
                        tokens_input, tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time,
                        status_code, timestamp, billing_period, actual_provider_name, detection_source, detection_rule,
                        detection_rules_version)
                    SELECT 'k' || g, '%s', 'video', '/video-generation/wavespeed', 'POST', 'alibaba/wan-2.5/text-to-video',
                           10, 20, 30, 0, 0.5, 0.5, 1.5, 200, timestamptz '2026-11-01 00:00:00+00' + g * interval '1 minute',
                           '2026-11', 'wavespeed', 'ENDPOINT', 'endpoint.host.wavespeed', 'r2.0'
                    FROM generate_series(1, %d) g""".formatted(USER, ROWS));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void databaseFailingBeforeTheFirstRow_givesTheJsonErrorBody_andNoCsv() throws Exception {
        try (Connection lock = connect()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE api_usage_logs IN ACCESS EXCLUSIVE MODE");
            for (String path : List.of("/api/subscription/usage-logs.csv", "/api/subscription/usage-logs")) {
                HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                        .header("Authorization", "Bearer " + TestTokens.forUser(USER)).header("Accept", "text/csv").GET();
                HttpResponse<String> response = server.send(request);
                String what = path + " -> " + response.statusCode() + " " + response.headers().map() + " " + response.body();
                assertThat(response.statusCode()).as(what).isEqualTo(503);
                assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/json"));
                assertThat(response.headers().firstValue("Content-Disposition")).as(what).isEmpty();
                assertThat(response.headers().firstValue("Retry-After")).as(what).contains("5");
                assertThat(response.headers().firstValue("Content-Security-Policy")).as(what).isPresent();
                assertThat(response.body()).as(what).startsWith("{\"status\":503").doesNotContain("id,timestamp");
            }
            lock.rollback();
        }
    }

    @Test
    void databaseFailingAfterRowsWereSent_abortsTheTransfer_andAppendsNoJson() throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (Socket socket = new Socket(); Connection lock = connect()) {
            socket.setReceiveBufferSize(4096); // so the server blocks on writing long before the export ends
            socket.connect(new InetSocketAddress("127.0.0.1", server.uri("/").getPort()), 5_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET /api/subscription/usage-logs.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + TestTokens.forUser(USER) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            received.write(buffer, 0, in.read(buffer)); // the head and the first rows have been sent
            lock.setAutoCommit(false);
            lock.createStatement().execute("SET lock_timeout = '5s'");
            lock.createStatement().execute("LOCK TABLE api_usage_logs IN ACCESS EXCLUSIVE MODE");
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                // an aborted connection may end in a reset rather than an orderly close
            } finally {
                lock.rollback();
            }
        }
        String answer = received.toString(StandardCharsets.UTF_8);
        int headEnd = answer.indexOf("\r\n\r\n");
        String head = answer.substring(0, headEnd);
        String body = answer.substring(headEnd + 4);
        long rows = body.lines().filter(l -> l.contains(",wavespeed,")).count();
        System.out.printf("CsvStreamFailureTest: %d of %d rows arrived before the database failed; %d bytes; ends with %s%n",
                rows, ROWS, body.length(), body.substring(Math.max(0, body.length() - 20)).replace("\r\n", "\\r\\n"));
        // Chunked although the request said Connection: close, so that the abort is visible.
        assertThat(head).startsWith("HTTP/1.1 200").contains("text/csv", "Transfer-Encoding: chunked");
        assertThat(rows).as("rows sent before the failure").isPositive().isLessThan(ROWS);
        assertThat(body).as("no JSON after the CSV").doesNotContain("\"status\"", "{\"");
        assertThat(body).as("the chunked transfer was never terminated").doesNotEndWith("\r\n0\r\n\r\n");
    }

    private static Connection connect() throws Exception {
        DatabaseUrl url = server.database();
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }
}
