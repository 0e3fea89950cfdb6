package org.usagelens.web.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.web.testing.TestTokens;

/**
 * The Citus cluster check (a program, not a CI test): against the coordinator named by {@code USAGELENS_CITUS_URL},
 * already migrated by {@code usagelens-migrate migrate}, it
 * <ol>
 *   <li>checks that the tables are distributed by user_id and co-located, the small ones reference tables;</li>
 *   <li>measures ingestion of multi-user batches (and one-user batches) through the real server on a fresh plain
 *       embedded PostgreSQL and on the cluster, in the same run on the same machine, and reconciles every
 *       acknowledged event with the table;</li>
 *   <li>posts the same events to both and compares what the two servers answer to pages, CSV, analytics and trends;</li>
 *   <li>with {@code USAGELENS_CITUS_STOP_WORKER} and {@code USAGELENS_CITUS_START_WORKER} (shell commands), stops a
 *       worker mid-ingest and starts it again: every answer must be a 200 or a 503 with {@code Retry-After}, nothing
 *       acknowledged lost, and ingestion must resume by itself.</li>
 * </ol>
 * {@code web-api/bench/run.sh CitusCheck [clients] [seconds] [users per batch]}
 */
public final class CitusCheck {
    private static final String KEY = "citus-check-ingest-key-0123456789";
    private static final String SECRET = "citus-check-jwt-secret-that-is-at-least-32-bytes";
    private static final int BATCH = 500;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    /** Only the multi-user ingestion figures (for trying settings): {@code USAGELENS_CITUS_MULTI_ONLY=1}. */
    private static final boolean MULTI_ONLY = System.getenv("USAGELENS_CITUS_MULTI_ONLY") != null;

    private CitusCheck() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv("USAGELENS_CITUS_URL");
        if (url == null || url.isBlank()) {
            System.err.println("set USAGELENS_CITUS_URL to the coordinator, e.g. postgresql://postgres@127.0.0.1:5432/usage");
            System.exit(2);
        }
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        Duration measured = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);
        int usersPerBatch = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Duration warmUp = Duration.ofSeconds(10);
        DatabaseUrl citus = DatabaseUrl.parse(url, null, null);
        String run = "r" + Long.toString(ServerProcess.CLOCK.millis() / 1000 % 1_000_000, 36) + "-";
        System.out.printf(Locale.ROOT, "Citus check %s: %d clients x batches of %d (%d users a batch), %d s measured"
                        + " after %d s warm-up; load average %s%n", ServerProcess.CLOCK.instant().truncatedTo(ChronoUnit.SECONDS),
                clients, BATCH, usersPerBatch, measured.toSeconds(), warmUp.toSeconds(), loadAverage());
        boolean ok = describeDistribution(citus);

        Path work = Path.of("target", "bench", "citus");
        deleteTree(work);
        List<String> readPaths;
        Map<String, String> plainAnswers;
        double plainMulti;
        double plainSingle;
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("pg"));
             ServerProcess plain = ServerProcess.start(postgres.url(), KEY, SECRET, work.resolve("plain.log"), "1g")) {
            System.out.println("plain PostgreSQL (one embedded node):");
            plainMulti = ingest(plain.base(), postgres.url(), run + "pm", clients, usersPerBatch, warmUp, measured);
            if (MULTI_ONLY) {
                plainSingle = 0;
                readPaths = List.of();
                plainAnswers = Map.of();
            } else {
                plainSingle = ingest(plain.base(), postgres.url(), run + "ps", clients, 1, warmUp, measured);
                readPaths = postReadBackEvents(plain.base(), run);
                plainAnswers = answers(plain.base(), readPaths);
            }
        }
        try (ServerProcess server = ServerProcess.start(citus, KEY, SECRET, work.resolve("citus.log"), "1g")) {
            System.out.println("Citus (coordinator " + citus.jdbcUrl() + "):");
            double citusMulti = ingest(server.base(), citus, run + "cm", clients, usersPerBatch, warmUp, measured);
            if (MULTI_ONLY) {
                System.out.printf(Locale.ROOT, "Citus / plain: multi-user batches %.0f%%%n", 100 * citusMulti / plainMulti);
                return;
            }
            double citusSingle = ingest(server.base(), citus, run + "cs", clients, 1, warmUp, measured);
            System.out.printf(Locale.ROOT, "Citus / plain: multi-user batches %.0f%% (target >= 50%%), one-user batches %.0f%%%n",
                    100 * citusMulti / plainMulti, 100 * citusSingle / plainSingle);
            postReadBackEvents(server.base(), run);
            Map<String, String> citusAnswers = answers(server.base(), readPaths);
            List<String> differing = readPaths.stream().filter(p -> !plainAnswers.get(p).equals(citusAnswers.get(p))).toList();
            Map<String, Long> statuses = new java.util.TreeMap<>();
            plainAnswers.values().forEach(a -> statuses.merge(a.substring(0, 3), 1L, Long::sum));
            System.out.printf(Locale.ROOT, "read-back: %d requests (statuses %s, %d bytes), %d answered identically on both"
                            + " (row ids masked)%s%n", readPaths.size(), statuses,
                    plainAnswers.values().stream().mapToLong(String::length).sum(),
                    readPaths.size() - differing.size(), differing.isEmpty() ? ""
                            : "; differing: " + differing.subList(0, Math.min(5, differing.size())));
            ok &= differing.isEmpty();
            String stop = System.getenv("USAGELENS_CITUS_STOP_WORKER");
            String start = System.getenv("USAGELENS_CITUS_START_WORKER");
            if (stop == null || start == null) {
                System.out.println("fault check: not run (set USAGELENS_CITUS_STOP_WORKER and USAGELENS_CITUS_START_WORKER)");
            } else {
                ok &= faultCheck(server.base(), citus, run + "f", clients, usersPerBatch, stop, start);
            }
        }
        System.out.println(ok ? "Citus check: passed" : "Citus check: FAILED");
        System.exit(ok ? 0 : 1);
    }

    private static boolean describeDistribution(DatabaseUrl db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'citus'")) {
                System.out.println("Citus " + (r.next() ? r.getString(1) : "NOT INSTALLED") + ", "
                        + one(s, "SELECT version()"));
            }
            System.out.println("workers: " + one(s, "SELECT string_agg(node_name || ':' || node_port, ', ')"
                    + " FROM citus_get_active_worker_nodes()"));
            boolean ok = true;
            try (ResultSet r = s.executeQuery("""
                    SELECT t.table_name, t.citus_table_type, t.distribution_column, t.colocation_id, t.shard_count
                    FROM citus_tables t ORDER BY t.citus_table_type, t.table_name::text""")) {
                List<String> distributed = new ArrayList<>();
                while (r.next()) {
                    System.out.printf(Locale.ROOT, "  %-32s %-10s by %-8s colocation %s, %d shard(s)%n", r.getString(1),
                            r.getString(2), r.getString(3), r.getString(4), r.getInt(5));
                    if (r.getString(2).equals("distributed")) {
                        distributed.add(r.getString(1) + "@" + r.getString(4));
                    }
                }
                long groups = distributed.stream().map(d -> d.substring(d.indexOf('@'))).distinct().count();
                if (distributed.size() != 4 || groups != 1) {
                    System.out.println("  NOT distributed as expected (4 tables by user_id, one colocation group):"
                            + " run usagelens-migrate migrate on the coordinator first");
                    ok = false;
                }
            }
            return ok;
        }
    }

    /** Warm-up, then a measured run; prints and returns events/s, reconciling what was acknowledged. */
    private static double ingest(URI base, DatabaseUrl db, String users, int clients, int usersPerBatch, Duration warmUp,
                                 Duration measured) throws Exception {
        newIngestor(base, users + "w", clients, usersPerBatch).run(warmUp);
        Ingestor load = newIngestor(base, users, clients, usersPerBatch);
        Ingestor.Result result = load.run(measured);
        Reconciliation.Outcome check = Reconciliation.check(db, load);
        System.out.printf(Locale.ROOT, "  %s batches: %d events in %.1f s = %.0f events/s; batch latency %s; statuses %s;"
                        + " reconciliation: %s%n", usersPerBatch == 1 ? "one-user" : usersPerBatch + "-user", result.events(),
                result.seconds(), result.eventsPerSecond(), result.batchLatencies().summary(), load.statuses(),
                check.exact() ? "exact" : check);
        result.errorSamples().stream().limit(3).forEach(e -> System.out.println("    " + e));
        return result.eventsPerSecond();
    }

    private static Ingestor newIngestor(URI base, String users, int clients, int usersPerBatch) {
        Ingestor ingestor = new Ingestor(base, KEY, users, clients, usersPerBatch, BATCH, 0, ServerProcess.CLOCK);
        return usersPerBatch > 1 ? ingestor.spreadingBatchesOverUsers() : ingestor;
    }

    /**
     * Posts the same 10,000 events (20 users, timestamps fixed an hour apart before the check began) and returns the
     * read requests to compare.
     */
    private static List<String> postReadBackEvents(URI base, String run) throws Exception {
        Instant start = ServerProcess.CLOCK.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
        Instant first = READ_BACK_START.computeIfAbsent(run, r -> start);
        List<String> paths = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            StringBuilder json = new StringBuilder("{\"events\":[");
            for (int i = 0; i < BATCH; i++) {
                if (i > 0) {
                    json.append(',');
                }
                long seq = (long) b * BATCH + i;
                SyntheticEvents.appendEvent(json, run + "rb-" + (i % 20), 90_000 + b, seq,
                        first.minus(Duration.ofSeconds(seq * 17)));
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/usage-events"))
                    .header("Content-Type", "application/json").header("X-Api-Key", KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(json.append("]}").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("read-back batch " + b + ": HTTP " + r.statusCode() + " " + r.body());
            }
        }
        String month = YearMonth.from(first.atOffset(ZoneOffset.UTC)).toString();
        String day = first.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).toString();
        for (int u = 0; u < 20; u++) {
            String user = run + "rb-" + u;
            for (String path : List.of("/api/subscription/usage-logs?limit=50",
                    "/api/subscription/usage-logs?limit=20&offset=100&provider=openai",
                    "/api/subscription/usage-logs?limit=10&status=failed",
                    "/api/subscription/usage-logs.csv",
                    "/api/subscription/provider-analytics?billing_period=" + month,
                    "/api/subscription/provider-analytics?billing_period=" + month + "&exact=true",
                    "/api/subscription/provider-analytics?from=" + day + "&to=" + first,
                    "/api/subscription/provider-trends?months=3")) {
                paths.add(user + " " + path);
            }
        }
        return paths;
    }

    private static final Map<String, Instant> READ_BACK_START = new ConcurrentHashMap<>();

    private static Map<String, String> answers(URI base, List<String> paths) throws Exception {
        Map<String, String> answers = new ConcurrentHashMap<>();
        for (String p : paths) {
            String user = p.substring(0, p.indexOf(' '));
            String path = p.substring(p.indexOf(' ') + 1);
            String token = TOKENS.computeIfAbsent(user, u -> TestTokens.hs256(SECRET, u, null,
                    ServerProcess.CLOCK.instant().plus(Duration.ofHours(12))));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                    .header("Authorization", "Bearer " + token).header("Cache-Control", "no-cache").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            answers.put(p, r.statusCode() + " " + maskIds(r.body()));
        }
        return answers;
    }

    /** Row ids come from each database's own sequence: equal rows, different numbers. */
    static String maskIds(String body) {
        return body.replaceAll("\"id\":\\d+", "\"id\":0").replaceAll("\"(next_)?cursor\":\"[^\"]*\"", "\"cursor\":\"\"")
                .replaceAll("(?m)^\\d+,", "0,");
    }

    private static boolean faultCheck(URI base, DatabaseUrl db, String users, int clients, int usersPerBatch, String stop,
                                      String start) throws Exception {
        Ingestor load = newIngestor(base, users, clients, usersPerBatch);
        Thread runner = new Thread(() -> {
            try {
                load.run(Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        Thread.sleep(10_000);
        long beforeStop = load.acknowledgedSoFar();
        System.out.println("fault check: stopping a worker: " + shell(stop));
        Thread.sleep(15_000);
        long whileStopped = load.acknowledgedSoFar();
        System.out.println("fault check: starting it again: " + shell(start));
        long started = System.nanoTime();
        long resumedAfter = -1;
        while (runner.isAlive() && resumedAfter < 0) {
            if (load.acknowledgedSoFar() > whileStopped + 5 * BATCH) {
                resumedAfter = (System.nanoTime() - started) / 1_000_000;
            }
            Thread.sleep(100);
        }
        runner.join();
        Reconciliation.Outcome check = Reconciliation.check(db, load);
        Map<Integer, Long> statuses = load.statuses();
        long unexpected = statuses.entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 503)
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf(Locale.ROOT, "fault check: acknowledged %d before the stop, %d more while stopped; statuses %s;"
                        + " resumed %s; reconciliation: %s%n", beforeStop, whileStopped - beforeStop, statuses,
                resumedAfter < 0 ? "NOT within the run" : resumedAfter + " ms after the worker was started",
                check.exact() ? "exact" : check);
        boolean retryAfter = load.unavailableWithoutRetryAfter() == 0;
        boolean ok = unexpected == 0 && statuses.getOrDefault(503, 0L) > 0 && retryAfter && check.exact()
                && resumedAfter >= 0;
        System.out.println("fault check: " + (ok ? "passed" : "FAILED") + " (no status but 200 and 503: "
                + (unexpected == 0) + "; 503 seen: " + statuses.containsKey(503) + "; Retry-After on every 503: "
                + retryAfter + ")");
        return ok;
    }

    private static String shell(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return "exit " + p.waitFor() + (out.isEmpty() ? "" : ", " + out.replace('\n', ' '));
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : "";
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
