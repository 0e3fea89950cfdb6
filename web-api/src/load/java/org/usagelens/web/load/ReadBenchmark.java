package org.usagelens.web.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.pricing.PriceCatalog;
import org.usagelens.domain.pricing.PriceRow;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.web.testing.TestTokens;

/**
 * The read benchmark: 10 million usage logs (1,000 users, one heavy user with 1 million rows, 12 billing periods,
 * the provider mix of {@link SyntheticEvents}) in the embedded PostgreSQL, the real server in its own JVM, and
 * concurrent clients on loopback timing the first page, page 1,000 through the cursor, a provider-filtered page, the
 * heavy user's month of analytics and its provider recommendations. Rows of a call the built-in catalog prices in
 * tokens carry what the catalog says they should have cost beside the client's cost, as ingestion stores them, so the
 * recommendations compare those calls with every other provider of the same model, day by day.
 *
 * <p>{@code web-api/bench/run.sh ReadBenchmark [seconds per query] [clients] [rows]}. The loaded database is kept in
 * {@code web-api/target/bench/read} and reused by the next run when it holds the same number of rows.
 */
public final class ReadBenchmark {
    private static final String KEY = "bench-ingest-key-0123456789";
    private static final String SECRET = "bench-jwt-secret-that-is-at-least-32-bytes-long";
    private static final String HEAVY = "heavy-user";
    /** A user with one million calls in one month (2026-06): what analytics cost when a month is large. */
    private static final String MILLION = "million-user";
    private static final long MILLION_ROWS = 1_000_000;
    /** The schema the rows are loaded into; the server's start then migrates them, as an upgrade would. */
    private static final String LOAD_SCHEMA_VERSION = "6";
    /** The catalog's prices for the loaded rows' catalog cost: those in force in the heavy user's benchmark month. */
    private static final Instant PRICED_AT = Instant.parse("2026-06-15T00:00:00Z");

    private ReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration perQuery = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 30);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long rows = args.length > 2 ? Long.parseLong(args[2]) : 10_000_000L;
        Path work = Path.of("target", "bench", "read");
        System.out.printf(Locale.ROOT, "read benchmark %s: %d rows, %d concurrent clients per query, %d s per query%n",
                ServerProcess.CLOCK.instant().truncatedTo(ChronoUnit.SECONDS), rows, clients, perQuery.toSeconds());
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("pg"))) {
            DatabaseUrl db = postgres.url();
            load(db, rows);
            upgrade(db);
            long start = System.nanoTime();
            try (ServerProcess server = ServerProcess.start(db, KEY, SECRET, work.resolve("server.log"), "1g")) {
                System.out.printf(Locale.ROOT, "server started (migrations included) in %.0f s%n", (System.nanoTime() - start) / 1e9);
                settle(db);
                run(server.base(), perQuery, clients);
            }
        }
    }

    /**
     * Brings the loaded database to the newest schema as {@code usagelens-migrate migrate} does: on a connection without
     * a socket timeout. The server's own migrations pool has a 60 s socket timeout (DataSources), which V7's one-pass
     * build of the sketches over 11 million rows exceeded on the shared machine (2026-12-01: "Read timed out", the
     * server did not start), so the upgrade is done here and timed, and the server's start finds nothing to migrate.
     */
    private static void upgrade(DatabaseUrl db) {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        long start = System.nanoTime();
        int applied = org.usagelens.persistence.PostgresStore.schema(ds).migrate();
        System.out.printf(Locale.ROOT, "migrated to the newest schema (%d migrations, no socket timeout) in %.0f s%n",
                applied, (System.nanoTime() - start) / 1e9);
    }

    /** Nothing pending, statistics fresh: what the server's start migrated is analysed before anything is timed. */
    private static void settle(DatabaseUrl db) throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            while (true) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM api_usage_log_latency_pending")) {
                    r.next();
                    if (r.getLong(1) == 0) {
                        break;
                    }
                    System.out.println("  waiting for " + r.getLong(1) + " pending latency sketches to be compacted");
                }
                Thread.sleep(2000);
            }
            s.execute("ANALYZE");
        }
    }

    /** The heavy user's calls of the benchmark month that carry a catalog cost (0 in a database loaded before them). */
    private static long catalogPriced(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT count(catalog_cost_total) FROM api_usage_logs WHERE user_id = '" + HEAVY
                + "' AND billing_period = '2026-06'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void load(DatabaseUrl db, long rows) throws SQLException {
        long total = rows + MILLION_ROWS;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'api_usage_logs'")) {
                r.next();
                if (r.getLong(1) == 1) {
                    try (ResultSet n = s.executeQuery("SELECT count(*) FROM api_usage_logs")) {
                        n.next();
                        if (n.getLong(1) == total && catalogPriced(s) > 0) {
                            System.out.println("reusing the loaded database: " + total + " rows");
                            return;
                        }
                    }
                }
            }
            long start = System.nanoTime();
            // Loaded into the schema of V6 with its set-based triggers, then migrated by the server's start: V7 builds
            // its day rollup and sketches from the rows in one pass, as it does for every existing installation.
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl(db.jdbcUrl());
            ds.setUser(db.user());
            ds.setPassword(db.password());
            org.usagelens.persistence.TestMigrations.migrateTo(ds, LOAD_SCHEMA_VERSION);
            s.execute("CREATE TEMP TABLE bench_calls (i int, category text, model text, endpoint text, actual text,"
                    + " source text, rule text, version text, usd_input numeric, usd_output numeric)");
            ProviderDetector detector = ProviderDetector.builtIn();
            PriceCatalog catalog = PriceCatalog.builtIn();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_calls VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < SyntheticEvents.CALLS.length; i++) {
                    String[] call = SyntheticEvents.CALLS[i];
                    Detection d = detector.detect(call[0], call[1], call[2]);
                    p.setInt(1, i);
                    p.setString(2, call[0]);
                    p.setString(3, call[1]);
                    p.setString(4, call[2]);
                    p.setString(5, d.provider().id());
                    p.setString(6, d.source().name());
                    p.setString(7, d.ruleId());
                    p.setString(8, d.rulesVersion());
                    // Priced by the catalog when stored if it prices the call in tokens alone (the rows carry no other units).
                    Map<PriceUnit, PriceRow> prices = catalog.rowsInForce(d.provider().id(), call[1], PRICED_AT);
                    boolean tokens = prices.containsKey(PriceUnit.INPUT_TOKEN) && prices.containsKey(PriceUnit.OUTPUT_TOKEN)
                            && prices.keySet().stream().allMatch(PriceUnit::isToken);
                    p.setBigDecimal(9, tokens ? prices.get(PriceUnit.INPUT_TOKEN).usdPerUnit() : null);
                    p.setBigDecimal(10, tokens ? prices.get(PriceUnit.OUTPUT_TOKEN).usdPerUnit() : null);
                    p.executeUpdate();
                    System.out.printf(Locale.ROOT, "  %s %s on %s: %s%n", call[0], call[1], d.provider().id(),
                            tokens ? "catalog-priced in tokens" : "not catalog-priced (" + prices.keySet() + ")");
                }
            }
            // Secondary indexes are dropped for the load and built again afterwards, as a bulk load would do.
            List<String> indexes = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'api_usage_logs'"
                    + " AND indexname <> 'api_usage_logs_pkey'")) {
                while (r.next()) {
                    indexes.add(r.getString(2));
                }
            }
            for (String def : indexes) {
                s.execute("DROP INDEX " + def.replaceFirst("^CREATE (UNIQUE )?INDEX (\\S+) ON .*$", "$2"));
            }
            int calls = SyntheticEvents.CALLS.length;
            long chunk = 1_000_000;
            for (long from = 1; from <= rows; from += chunk) {
                long to = Math.min(rows, from + chunk - 1);
                s.execute("""
                        INSERT INTO api_usage_logs (idempotency_key, user_id, provider, endpoint, method, model_used,
                            tokens_input, tokens_output, tokens_total, cost_input, cost_output, cost_total,
                            response_time, status_code, error_message, timestamp, billing_period,
                            actual_provider_name, detection_source, detection_rule, detection_rules_version,
                            cost_source, price_version, catalog_cost_total)
                        SELECT 'k' || g,
                               CASE WHEN g %% 10 = 0 THEN '%s' ELSE 'user-' || lpad(((g * 7919) %% 999 + 1)::text, 4, '0') END,
                               c.category, c.endpoint, 'POST', c.model, g %% 3000, g %% 800, g %% 3000 + g %% 800, 0,
                               ((g * 31) %% 10000) / 100000.0, ((g * 31) %% 10000) / 100000.0, (g %% 9000) / 100.0,
                               CASE WHEN g %% 25 = 0 THEN 500 ELSE 200 END,
                               CASE WHEN g %% 25 = 0 THEN 'upstream timeout' END,
                               ts, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM'), c.actual, c.source, c.rule, c.version,
                               'client', '%s', g %% 3000 * c.usd_input + g %% 800 * c.usd_output
                        FROM generate_series(%d::bigint, %d::bigint) g
                        CROSS JOIN LATERAL (SELECT timestamptz '2025-12-01 00:00:00+00'
                                                   + (g - 1) * (interval '365 days' / %d) AS ts) t
                        JOIN bench_calls c ON c.i = g %% %d
                        """.formatted(HEAVY, catalog.priceVersion(), from, to, rows, calls));
                System.out.printf(Locale.ROOT, "  loaded %d rows (%.0f s)%n", to, (System.nanoTime() - start) / 1e9);
            }
            // The million-call user: all in June 2026, the same call mix, spread evenly over the month.
            s.execute("""
                    INSERT INTO api_usage_logs (idempotency_key, user_id, provider, endpoint, method, model_used,
                        tokens_input, tokens_output, tokens_total, cost_input, cost_output, cost_total,
                        response_time, status_code, error_message, timestamp, billing_period,
                        actual_provider_name, detection_source, detection_rule, detection_rules_version,
                        cost_source, price_version, catalog_cost_total)
                    SELECT 'm' || g, '%s', c.category, c.endpoint, 'POST', c.model, g %% 3000, g %% 800,
                           g %% 3000 + g %% 800, 0, ((g * 31) %% 10000) / 100000.0, ((g * 31) %% 10000) / 100000.0,
                           (g %% 9000) / 100.0, CASE WHEN g %% 25 = 0 THEN 500 ELSE 200 END,
                           CASE WHEN g %% 25 = 0 THEN 'upstream timeout' END,
                           ts, '2026-06', c.actual, c.source, c.rule, c.version,
                           'client', '%s', g %% 3000 * c.usd_input + g %% 800 * c.usd_output
                    FROM generate_series(1::bigint, %d::bigint) g
                    CROSS JOIN LATERAL (SELECT timestamptz '2026-06-01 00:00:00+00'
                                               + (g - 1) * (interval '30 days' / %d) AS ts) t
                    JOIN bench_calls c ON c.i = g %% %d
                    """.formatted(MILLION, catalog.priceVersion(), MILLION_ROWS, MILLION_ROWS, calls));
            System.out.printf(Locale.ROOT, "  loaded the million-call user (%.0f s)%n", (System.nanoTime() - start) / 1e9);
            s.execute("SET maintenance_work_mem = '1GB'");
            for (String def : indexes) {
                s.execute(def);
            }
            s.execute("VACUUM (ANALYZE) api_usage_logs");
            System.out.printf(Locale.ROOT, "loaded %d rows, indexes built, vacuumed and analysed in %.0f s%n", total,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static void run(URI base, Duration perQuery, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        String heavy = TestTokensFor.secret(HEAVY);
        // Page 1,000 of the heavy user: walk there once through the cursor, then ask for it again and again.
        String cursor = null;
        for (int page = 1; page < 1000; page++) {
            String path = "/api/subscription/usage-logs?limit=50" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = json.readTree(get(http, base, path, heavy).body());
            cursor = body.path("next_cursor").asText(null);
            if (cursor == null) {
                throw new IllegalStateException("the heavy user has fewer than 1,000 pages of 50 rows");
            }
        }
        String page1000 = "/api/subscription/usage-logs?limit=50&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);

        Map<String, Supplier<String[]>> queries = new LinkedHashMap<>();
        queries.put("first page, a regular user (~9,000 rows)",
                () -> new String[] {"/api/subscription/usage-logs?limit=50", TestTokensFor.secret(randomUser())});
        queries.put("first page, the heavy user (1,000,000 rows)",
                () -> new String[] {"/api/subscription/usage-logs?limit=50", heavy});
        queries.put("page 1,000 through the cursor, the heavy user", () -> new String[] {page1000, heavy});
        queries.put("provider=wavespeed page, a regular user",
                () -> new String[] {"/api/subscription/usage-logs?limit=50&provider=wavespeed",
                        TestTokensFor.secret(randomUser())});
        queries.put("provider=wavespeed page, the heavy user",
                () -> new String[] {"/api/subscription/usage-logs?limit=50&provider=wavespeed", heavy});
        // Computed for every request (the client sends Cache-Control: no-cache), as after every write to the month;
        // then as a dashboard sees a month nobody writes to: computed once, reused while its change stamp holds.
        queries.put("analytics, the heavy user's month (2026-06, ~83,000 rows), computed afresh (no-cache)",
                () -> new String[] {"/api/subscription/provider-analytics?billing_period=2026-06", heavy, "no-cache"});
        queries.put("analytics, the heavy user's month, reused while unchanged",
                () -> new String[] {"/api/subscription/provider-analytics?billing_period=2026-06", heavy});
        String million = TestTokensFor.secret(MILLION);
        queries.put("analytics, the million-call user's month (2026-06, 1,000,000 rows), computed afresh (no-cache)",
                () -> new String[] {"/api/subscription/provider-analytics?billing_period=2026-06", million, "no-cache"});
        queries.put("analytics, the heavy user's 30 days 2026-06-03T12:00Z to 07-03T12:00Z (days + rows at both ends), afresh",
                () -> new String[] {"/api/subscription/provider-analytics?from=2026-06-03T12:00:00Z&to=2026-07-03T12:00:00Z",
                        heavy, "no-cache"});
        queries.put("analytics, the million-call user's 30 days 2026-06-01 to 07-01 (whole days), afresh",
                () -> new String[] {"/api/subscription/provider-analytics?from=2026-06-01&to=2026-07-01", million, "no-cache"});
        queries.put("analytics, the heavy user's month, exact=true, afresh",
                () -> new String[] {"/api/subscription/provider-analytics?billing_period=2026-06&exact=true", heavy, "no-cache"});
        queries.put("analytics, the million-call user's month, exact=true, afresh",
                () -> new String[] {"/api/subscription/provider-analytics?billing_period=2026-06&exact=true", million, "no-cache"});

        // Recommendations are computed for every request (there is no result cache in front of them).
        queries.put("recommendations, the heavy user's month (2026-06, ~83,000 rows)",
                () -> new String[] {"/api/subscription/provider-recommendations?billing_period=2026-06", heavy});
        queries.put("recommendations, the heavy user's 30 days 2026-06-03T12:00Z to 07-03T12:00Z (days + rows at both ends)",
                () -> new String[] {"/api/subscription/provider-recommendations?from=2026-06-03T12:00:00Z&to=2026-07-03T12:00:00Z", heavy});
        queries.put("recommendations, the million-call user's month (2026-06, 1,000,000 rows)",
                () -> new String[] {"/api/subscription/provider-recommendations?billing_period=2026-06", million});
        // What the recommendations queries answer, so the figures below are known to be of real work.
        for (String[] q : List.of(new String[] {"/api/subscription/provider-recommendations?billing_period=2026-06", heavy},
                new String[] {"/api/subscription/provider-recommendations?billing_period=2026-06", million})) {
            JsonNode body = json.readTree(get(http, base, q).body());
            StringBuilder found = new StringBuilder();
            for (JsonNode r : body.path("recommendations")) {
                found.append(found.length() == 0 ? "" : "; ").append(r.path("model").asText()).append(' ')
                        .append(r.path("from_provider").asText()).append(" -> ").append(r.path("to_provider").asText())
                        .append(' ').append(r.path("verdict").asText()).append(" saves ").append(r.path("estimated_savings").asText());
            }
            System.out.printf(Locale.ROOT, "%s: %d calls, %d compared, not compared %s; %d recommendations: %s%n",
                    body.path("user_id").asText(), body.path("coverage").path("calls").asLong(),
                    body.path("coverage").path("compared_calls").asLong(), body.path("coverage").path("not_compared"),
                    body.path("recommendations").size(), found);
        }

        System.out.println("| query | requests | p50 | p99 | max | errors |");
        System.out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, Supplier<String[]>> query : queries.entrySet()) {
            for (int i = 0; i < 20; i++) { // warm-up
                String[] q = query.getValue().get();
                get(http, base, q);
            }
            List<Latencies> parts = new ArrayList<>();
            AtomicLong errors = new AtomicLong();
            long deadline = System.nanoTime() + perQuery.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                Latencies mine = new Latencies();
                parts.add(mine);
                Thread thread = new Thread(() -> {
                    while (System.nanoTime() < deadline) {
                        String[] q = query.getValue().get();
                        long start = System.nanoTime();
                        try {
                            HttpResponse<String> r = get(http, base, q);
                            mine.record(System.nanoTime() - start);
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            Latencies all = Latencies.merge(parts);
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f ms | %.1f ms | %.1f ms | %d |%n", query.getKey(), all.count(),
                    all.percentileMillis(50), all.percentileMillis(99), all.percentileMillis(100), errors.get());
        }
    }

    private static String randomUser() {
        return "user-" + String.format(Locale.ROOT, "%04d", ThreadLocalRandom.current().nextInt(1, 1000));
    }

    /** {@code query}: path, token and, optionally, a Cache-Control value. */
    private static HttpResponse<String> get(HttpClient http, URI base, String[] query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(query[0])).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + query[1]);
        if (query.length > 2) {
            request.header("Cache-Control", query[2]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, URI base, String path, String token) throws Exception {
        return get(http, base, new String[] {path, token});
    }

    /** Tokens signed with the benchmark server's secret, cached per user. */
    private static final class TestTokensFor {
        private static final Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static String secret(String user) {
            return CACHE.computeIfAbsent(user, u -> TestTokens.hs256(SECRET, u, null, ServerProcess.CLOCK.instant().plus(Duration.ofHours(12))));
        }
    }
}
