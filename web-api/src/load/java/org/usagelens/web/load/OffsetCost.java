package org.usagelens.web.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.TestTokens;

/**
 * What a deep {@code offset} costs (issue 15, finding 5): one user with {@code rows} usage logs (default 2,000,000)
 * in a fresh database, the real server in its own JVM, and the time of a page at growing offsets, of the same
 * depth by cursor, and of PostgreSQL's own plan for the page query at offset 2^31-1, which the API now refuses.
 *
 * <p>{@code web-api/bench/run.sh OffsetCost [rows]}.
 */
public final class OffsetCost {
    private static final String KEY = "bench-ingest-key-0123456789";
    private static final String SECRET = "bench-jwt-secret-that-is-at-least-32-bytes-long";
    private static final String USER = "deep-user";

    private OffsetCost() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000L;
        if (rows <= 100_000) {
            // The cursor comparison reads the cursor after row 100,000: with fewer rows there is none to read.
            System.err.println("offset cost needs more than 100,000 rows (the cursor after row 100,000 is compared), not " + rows);
            System.exit(2);
        }
        DatabaseUrl db = TestDatabases.fresh();
        try (ServerProcess server = ServerProcess.start(db, KEY, SECRET, Path.of("target", "bench", "offset-cost.log"), "512m")) {
            long start = System.nanoTime();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO api_usage_logs (idempotency_key, user_id, provider, endpoint, method, model_used,
                            tokens_input, tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time,
                            status_code, timestamp, billing_period, actual_provider_name, detection_source, detection_rule,
                            detection_rules_version)
                        SELECT 'k' || g, '%s', 'video', '/video-generation/wavespeed', 'POST', 'alibaba/wan-2.5/text-to-video',
                               10, 20, 30, 0, 0.5, 0.5, 1.5, 200, timestamptz '2025-01-01 00:00:00+00' + g * interval '10 seconds',
                               to_char(timestamptz '2025-01-01 00:00:00+00' + g * interval '10 seconds', 'YYYY-MM'),
                               'wavespeed', 'ENDPOINT', 'endpoint.host.wavespeed', 'r2.0'
                        FROM generate_series(1, %d) g""".formatted(USER, rows));
                s.execute("VACUUM (ANALYZE) api_usage_logs");
                System.out.printf(Locale.ROOT, "offset cost: %d rows of one user loaded in %.0f s%n", rows, (System.nanoTime() - start) / 1e9);
            }
            HttpClient http = HttpClient.newHttpClient();
            String token = TestTokens.hs256(SECRET, USER, null, ServerProcess.CLOCK.instant().plusSeconds(3600));
            for (String query : List.of("offset=0", "offset=10000", "offset=100000", "offset=100001", "offset=1000000",
                    "offset=2147483647")) {
                timed(http, server.base(), "limit=50&" + query, token, 3);
            }
            // The same depth by cursor: the cursor of row 100,000, then one page after it.
            HttpResponse<String> page = get(http, server.base(), "limit=5000&offset=95000", token);
            String cursor = page.body().replaceAll("(?s).*\"next_cursor\":\"([^\"]+)\".*", "$1");
            timed(http, server.base(), "limit=50&cursor=" + cursor, token, 3);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = '120s'");
                for (long offset : new long[] {100_000, Integer.MAX_VALUE}) {
                    try (ResultSet rs = s.executeQuery("EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM api_usage_logs WHERE user_id = '"
                            + USER + "' ORDER BY timestamp DESC, id DESC OFFSET " + offset + " LIMIT 50")) {
                        StringBuilder plan = new StringBuilder();
                        while (rs.next()) {
                            plan.append("    ").append(rs.getString(1)).append('\n');
                        }
                        System.out.printf(Locale.ROOT, "offset cost: PostgreSQL's page query at OFFSET %d:%n%s", offset, plan);
                    }
                }
            }
        }
    }

    private static void timed(HttpClient http, URI base, String query, String token, int times) throws Exception {
        long best = Long.MAX_VALUE;
        HttpResponse<String> last = null;
        for (int i = 0; i < times; i++) {
            long t = System.nanoTime();
            last = get(http, base, query, token);
            best = Math.min(best, System.nanoTime() - t);
        }
        String body = last.body();
        System.out.printf(Locale.ROOT, "offset cost: GET usage-logs?%s -> %d in %.1f ms (best of %d)%s%n",
                query.length() > 60 ? query.substring(0, 60) + "…" : query, last.statusCode(), best / 1e6, times,
                last.statusCode() == 200 ? "" : ": " + (body.length() > 140 ? body.substring(0, 140) : body));
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String query, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve("/api/subscription/usage-logs?" + query))
                .header("Authorization", "Bearer " + token).timeout(java.time.Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
