package org.usagelens.web.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;

/**
 * The ingestion benchmark: concurrent clients post batches of 500 events over loopback to the real server (its own
 * JVM) on a fresh embedded PostgreSQL for a measured period after a warm-up; then, in the same run, the same number
 * of rows with the same content is COPYed straight into the same table, as the physical reference. Between the two,
 * the same clients export the same call mix as OTLP spans to {@code /v1/traces} (protobuf, 512 spans a request) for
 * the same periods, so the OTLP receiver is compared with {@code /api/usage-events} in the same run. Last, on a server
 * started again on the same table, pricing at write against client costs ({@link PricingComparison}): the same clients
 * and call mix with and without a client cost, in alternating phases of the measured period.
 *
 * <p>{@code web-api/bench/run.sh IngestBenchmark [clients] [seconds] [warm-up seconds] [all|pricing] [rounds]}:
 * {@code pricing} runs the pricing comparison alone (on a fresh table); {@code rounds} of it (default 2: A B B A).
 */
public final class IngestBenchmark {
    private static final java.time.Clock SERVER_CLOCK = ServerProcess.CLOCK;
    private static final String KEY = "bench-ingest-key-0123456789";
    private static final String SECRET = "bench-jwt-secret-that-is-at-least-32-bytes-long";
    /** Spans per OTLP request: the OpenTelemetry SDKs' batch span processor exports at most 512. */
    private static final int OTLP_BATCH = 512;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        Duration warmUp = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 15);
        String parts = args.length > 3 ? args[3] : "all";
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        if (!parts.equals("all") && !parts.equals("pricing")) {
            throw new IllegalArgumentException("the fourth argument is all or pricing, not " + parts);
        }
        Path work = Path.of("target", "bench", "ingest");
        deleteTree(work);
        System.out.printf(Locale.ROOT, "ingestion benchmark %s: %d clients x batches of %d, warm-up %d s, measured %d s%s%n",
                SERVER_CLOCK.instant().truncatedTo(ChronoUnit.SECONDS), clients, Soak.BATCH, warmUp.toSeconds(),
                measured.toSeconds(), parts.equals("all") ? "" : ", pricing comparison only");
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("pg"))) {
            DatabaseUrl db = postgres.url();
            if (parts.equals("all")) {
                eventsOtlpAndCopy(db, work, clients, measured, warmUp);
            }
            // Pricing at write, on the same table: a server of its own (started again), so that the figures above are
            // measured as before.
            try (ServerProcess server = ServerProcess.start(db, KEY, SECRET, work.resolve("server-pricing.log"), "1g")) {
                PricingComparison.run(server, db, postgres.dataDirectory(), KEY, clients, Soak.BATCH, warmUp, measured,
                        rounds);
            }
            printTable(db);
        }
    }

    private static void eventsOtlpAndCopy(DatabaseUrl db, Path work, int clients, Duration measured, Duration warmUp)
            throws Exception {
        Ingestor.Result http;
        try (ServerProcess server = ServerProcess.start(db, KEY, SECRET, work.resolve("server.log"), "1g")) {
            new Ingestor(server.base(), KEY, "warm-", clients, Soak.BATCH, 0, SERVER_CLOCK).run(warmUp);
            Ingestor load = new Ingestor(server.base(), KEY, "load-", clients, Soak.BATCH, 0, SERVER_CLOCK);
            http = load.run(measured);
            Reconciliation.Outcome check = Reconciliation.check(db, load);
            System.out.printf(Locale.ROOT, "HTTP ingestion: %d events in %.1f s = %.0f events/s; batch latency %s; errors %d%n",
                    http.events(), http.seconds(), http.eventsPerSecond(), http.batchLatencies().summary(), http.errors());
            http.errorSamples().forEach(s -> System.out.println("  " + s));
            System.out.println("reconciliation: " + check);

            // The same server and table, then: OTLP/HTTP protobuf exports of 512 spans, the SDKs' batch size.
            new OtlpIngestor(server.base(), KEY, "otlp-warm-", clients, OTLP_BATCH, SERVER_CLOCK).run(warmUp);
            OtlpIngestor.Result otlp = new OtlpIngestor(server.base(), KEY, "otlp-load-", clients, OTLP_BATCH,
                    SERVER_CLOCK).run(measured);
            long otlpRows = count(db, "user_id LIKE 'otlp-load-%'");
            System.out.printf(Locale.ROOT, "OTLP ingestion (/v1/traces, protobuf, %d spans a request): %d spans in"
                            + " %.1f s = %.0f spans/s; request latency %s; errors %d; rows %d (%s)%n", OTLP_BATCH,
                    otlp.spans(), otlp.seconds(), otlp.spansPerSecond(), otlp.batchLatencies().summary(),
                    otlp.errors(), otlpRows, otlpRows == otlp.spans() ? "every acknowledged span stored once"
                            : "MISMATCH with the acknowledged spans");
            otlp.errorSamples().forEach(s -> System.out.println("  " + s));
            System.out.printf(Locale.ROOT, "OTLP / usage-events = %.0f%% (target >= 80%%)%n",
                    100 * otlp.spansPerSecond() / http.eventsPerSecond());
        }
        long rows = http.events();
        double copyRate = copy(db, rows, 1);
        double parallelCopyRate = copy(db, rows, 2);
        System.out.printf(Locale.ROOT, "COPY reference, 1 stream: %d rows at %.0f rows/s%n", rows, copyRate);
        System.out.printf(Locale.ROOT, "COPY, 2 parallel streams: %d rows at %.0f rows/s%n", rows, parallelCopyRate);
        System.out.printf(Locale.ROOT, "HTTP / COPY (1 stream) = %.0f%%; HTTP / COPY (2 streams) = %.0f%%%n",
                100 * http.eventsPerSecond() / copyRate, 100 * http.eventsPerSecond() / parallelCopyRate);
    }

    private static void printTable(DatabaseUrl db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('api_usage_logs')) FROM api_usage_logs")) {
            r.next();
            System.out.printf(Locale.ROOT, "table: %d rows, %s with indexes%n", r.getLong(1), r.getString(2));
        }
    }

    private static long count(DatabaseUrl db, String where) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM api_usage_logs WHERE " + where)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** COPYs {@code rows} rows with the content the HTTP clients sent, in {@code streams} parallel connections. */
    private static double copy(DatabaseUrl db, long rows, int streams) throws Exception {
        ProviderDetector detector = ProviderDetector.builtIn();
        String prefix = "copy" + streams + "-";
        Thread[] threads = new Thread[streams];
        Exception[] failures = new Exception[streams];
        long start = System.nanoTime();
        for (int s = 0; s < streams; s++) {
            int stream = s;
            threads[s] = new Thread(() -> {
                try {
                    copyStream(db, detector, prefix + stream, stream, rows / streams);
                } catch (Exception e) {
                    failures[stream] = e;
                }
            });
            threads[s].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Exception e : failures) {
            if (e != null) {
                throw e;
            }
        }
        return rows / streams * streams / seconds;
    }

    private static void copyStream(DatabaseUrl db, ProviderDetector detector, String user, int client, long rows)
            throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY api_usage_logs (idempotency_key, user_id,"
                    + " provider, endpoint, method, model_used, tokens_input, tokens_output, tokens_total, cost_input,"
                    + " cost_output, cost_total, response_time, status_code, error_message, timestamp, billing_period,"
                    + " actual_provider_name, detection_source, detection_rule, detection_rules_version)"
                    + " FROM STDIN (FORMAT text)");
            StringBuilder b = new StringBuilder(1 << 20);
            Instant now = SERVER_CLOCK.instant();
            String period = YearMonth.from(now.atOffset(ZoneOffset.UTC)).toString();
            for (long seq = 0; seq < rows; seq++) {
                String[] call = SyntheticEvents.CALLS[(int) (seq % SyntheticEvents.CALLS.length)];
                Detection d = detector.detect(call[0], call[1], call[2]);
                BigDecimal cost = SyntheticEvents.cost(seq);
                int in = SyntheticEvents.tokensInput(seq);
                int out = SyntheticEvents.tokensOutput(seq);
                int status = SyntheticEvents.status(seq);
                b.append(SyntheticEvents.key(client, seq)).append('\t').append(user).append('\t').append(call[0])
                        .append('\t').append(call[2]).append("\tPOST\t").append(call[1]).append('\t').append(in)
                        .append('\t').append(out).append('\t').append(in + out).append("\t0\t")
                        .append(cost.toPlainString()).append('\t').append(cost.toPlainString()).append('\t')
                        .append(seq % 9000 / 100.0).append('\t').append(status).append('\t')
                        .append(status >= 400 ? "upstream timeout" : "\\N").append('\t')
                        .append(now.minusMillis(seq % 500)).append('\t').append(period).append('\t')
                        .append(d.provider().id()).append('\t').append(d.source().name()).append('\t')
                        .append(d.ruleId()).append('\t').append(d.rulesVersion()).append('\n');
                if (b.length() > (1 << 20) - 4096) {
                    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    b.setLength(0);
                }
            }
            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
