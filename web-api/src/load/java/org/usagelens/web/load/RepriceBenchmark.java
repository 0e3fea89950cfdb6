package org.usagelens.web.load;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.pricing.CallToPrice;
import org.usagelens.domain.pricing.PriceCatalog;
import org.usagelens.domain.pricing.PriceResult;
import org.usagelens.domain.pricing.PriceRow;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.domain.pricing.PricedQuantity;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.pricing.Units;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.persistence.PostgresStore;

/**
 * The re-pricing benchmark: {@code usagelens-migrate reprice} of a million rows the built-in catalog priced, against
 * one set-based {@code UPDATE} writing the same new values to the same rows.
 *
 * <p>It loads the rows once into an embedded PostgreSQL at the current schema (set-based {@code INSERT ... SELECT
 * generate_series}, with the statement-level triggers that keep the counters, the day rollup and the pending latency
 * sketches, as in production): the priced calls of {@link SyntheticEvents#CALLS} (token calls with tokens, media
 * calls with {@code units} and no tokens), over 999 users and 30 days of November 2026, each row costed exactly as the
 * built-in catalog costs it (checked on a sample through the pricer). A deployment price file raises every one of
 * those prices by 10% from 2026-01-01, so every row changes. Each measurement gets its own copy of that database
 * ({@code CREATE DATABASE ... TEMPLATE}, then a checkpoint), so all start from the same pages:
 * <ul>
 * <li>the reference: one {@code UPDATE ... FROM} a table of the new unit prices, computing the same exact values in
 * SQL, for the same candidate predicate, triggers on;</li>
 * <li>{@code reprice --prices FILE [--batch-size N]}: the CLI's own code ({@code MigrateMain}) in a JVM of its own,
 * timed from its start to its exit (JVM start-up, reading the catalog and counting candidates included).</li>
 * </ul>
 * After each, the rows' cost columns are compared with the reference's (a digest), and the counters and day rollup
 * with the rows. The first re-pricing is then reverted with {@code reprice --revert} (timed) and the whole table
 * compared with the copy it started from.
 *
 * <p>{@code web-api/bench/run.sh RepriceBenchmark [rows] [batch sizes, comma-separated] [interleaved|runs]}:
 * {@code interleaved} (default) spreads consecutive ids over the users, as one row written per call by many tenants;
 * {@code runs} gives each user runs of 500 consecutive ids, as batches of the ingestion API leave them.
 */
public final class RepriceBenchmark {
    /** The calls of {@link SyntheticEvents#CALLS} the built-in catalog prices. */
    private static final int[] PRICED_CALLS = {0, 2, 3, 4, 7, 8};
    private static final Instant IN_RANGE = Instant.parse("2026-11-15T12:00:00Z");
    private static final BigDecimal RAISE = new BigDecimal("1.1");
    private static final String SOURCE_DB = "reprice_source";

    private RepriceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        List<Integer> batchSizes = new ArrayList<>();
        for (String b : (args.length > 1 ? args[1] : "2000,10000").split(",")) {
            batchSizes.add(Integer.parseInt(b.trim()));
        }
        String layout = args.length > 2 ? args[2] : "interleaved";
        if (!layout.equals("interleaved") && !layout.equals("runs")) {
            throw new IllegalArgumentException("layout is interleaved or runs, not " + layout);
        }
        Path work = Path.of("target", "bench", "reprice").toAbsolutePath();
        IngestBenchmark.deleteTree(work);
        Files.createDirectories(work);
        System.out.printf(Locale.ROOT, "re-pricing benchmark %s: %d rows (%s), batch sizes %s; load %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), rows, layout, batchSizes, loadAverage());
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("pg"))) {
            DatabaseUrl admin = postgres.url();
            execute(admin, "CREATE DATABASE " + SOURCE_DB);
            DatabaseUrl source = database(postgres, SOURCE_DB);
            Prices prices = prices(work.resolve("prices.csv"));
            load(source, rows, layout, prices);
            String before = digest(source, ALL_COLUMNS);

            // reference, then each batch size, then the reference and the default batch size again: the machine's
            // load drifts (other builds share it), so each side is measured at both ends.
            List<String> plan = new ArrayList<>();
            plan.add("reference");
            batchSizes.forEach(b -> plan.add("reprice " + b));
            plan.add("reference");
            plan.add("reprice " + batchSizes.get(0));
            String referenceDigest = null;
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            boolean reverted = false;
            int n = 0;
            for (String step : plan) {
                String name = "m" + (++n);
                execute(admin, "CREATE DATABASE " + name + " TEMPLATE " + SOURCE_DB);
                DatabaseUrl db = database(postgres, name);
                execute(db, "CHECKPOINT");
                String loadBefore = loadAverage();
                Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                long start = System.nanoTime();
                String runId = null;
                if (step.equals("reference")) {
                    long updated = referenceUpdate(db, prices);
                    if (updated != rows) {
                        throw new IllegalStateException("the reference updated " + updated + " rows, not " + rows);
                    }
                } else {
                    List<String> out = cli(work, db, "reprice", "--prices", prices.file().toString(), "--batch-size",
                            step.substring("reprice ".length()));
                    for (String line : out) {
                        if (line.startsWith("run id: ")) {
                            runId = line.substring("run id: ".length()).trim();
                        } else if (line.startsWith("reprice: ") && line.contains("rows examined")) {
                            System.out.println("    CLI: " + line);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                String loadAfter = loadAverage();
                double rate = rows / seconds;
                rates.computeIfAbsent(step, k -> new ArrayList<>()).add(rate);
                String costs = digest(db, COST_COLUMNS);
                if (referenceDigest == null && step.equals("reference")) {
                    referenceDigest = costs;
                }
                System.out.printf(Locale.ROOT, "  %s %-15s %.1f s = %.0f rows/s; load %s -> %s; cost columns %s; %s%n",
                        at, step, seconds, rate, loadBefore, loadAfter,
                        costs.equals(referenceDigest) ? "= the reference's" : "DIFFER from the reference's " + costs,
                        rollupsCheck(db));
                if (runId != null && !reverted) {
                    reverted = true;
                    long t0 = System.nanoTime();
                    List<String> out = cli(work, db, "reprice", "--revert", runId);
                    double revertSeconds = (System.nanoTime() - t0) / 1e9;
                    out.stream().filter(l -> l.startsWith("reprice --revert")).forEach(l -> System.out.println("    CLI: " + l));
                    System.out.printf(Locale.ROOT, "  %s revert of %s: %.1f s = %.0f rows/s; table %s; %s%n",
                            Instant.now().truncatedTo(ChronoUnit.SECONDS), runId, revertSeconds, rows / revertSeconds,
                            digest(db, ALL_COLUMNS).equals(before) ? "restored exactly" : "NOT RESTORED",
                            rollupsCheck(db));
                }
                execute(admin, "DROP DATABASE " + name);
            }
            double reference = mean(rates.get("reference"));
            System.out.printf(Locale.ROOT, "reference (one UPDATE): %s rows/s, mean %.0f%n", rates.get("reference"),
                    reference);
            for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
                if (!e.getKey().equals("reference")) {
                    double r = mean(e.getValue());
                    System.out.printf(Locale.ROOT, "%s: %s rows/s, mean %.0f = %.0f%% of the reference (target >= 80%%)%n",
                            e.getKey(), e.getValue(), r, 100 * r / reference);
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------------

    /** One priced call: its detection and its built-in and raised unit prices. */
    private record Call(int index, String[] call, Detection detection, PriceUnit unit, PriceRow[] builtIn) {
    }

    private record Prices(Path file, String newVersion, String oldVersion, List<Call> calls) {
    }

    /** The built-in prices of the priced calls, and a deployment file raising each by 10% from 2026-01-01. */
    private static Prices prices(Path file) throws IOException {
        ProviderDetector detector = ProviderDetector.builtIn();
        Pricer pricer = new Pricer(PriceCatalog.builtIn());
        List<Call> calls = new ArrayList<>();
        StringBuilder csv = new StringBuilder("model,provider,provider_model,unit,usd_per_unit,effective_from,source\n");
        for (int i : PRICED_CALLS) {
            String[] call = SyntheticEvents.CALLS[i];
            Detection d = detector.detect(call[0], call[1], call[2]);
            String unitName = SyntheticEvents.UNITS[i];
            PriceUnit unit = unitName == null ? null : PriceUnit.fromWireName(unitName).orElseThrow();
            PriceResult r = pricer.price(unit == null
                    ? CallToPrice.tokens(d.provider().id(), call[1], IN_RANGE, 1L, 1L)
                    : CallToPrice.units(d.provider().id(), call[1], IN_RANGE, new Units(Map.of(unit, BigDecimal.ONE))));
            if (!(r instanceof PriceResult.Priced p)) {
                throw new IllegalStateException(call[1] + " is not priced by the built-in catalog: " + r);
            }
            PriceRow[] rows = p.lines().stream().map(PricedQuantity::row).toArray(PriceRow[]::new);
            for (PriceRow row : rows) {
                csv.append(row.model()).append(',').append(row.provider()).append(',').append(row.providerModel())
                        .append(',').append(row.unit().wireName()).append(',')
                        .append(raised(row.usdPerUnit()).toPlainString()).append(",2026-01-01,re-pricing benchmark\n");
            }
            calls.add(new Call(i, call, d, unit, rows));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return new Prices(file, PriceCatalog.withDeploymentFile(file).priceVersion(), pricer.catalog().priceVersion(),
                calls);
    }

    private static BigDecimal raised(BigDecimal price) {
        BigDecimal r = price.multiply(RAISE).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }

    private static BigDecimal price(Call c, PriceUnit unit) {
        for (PriceRow row : c.builtIn()) {
            if (row.unit() == unit) {
                return row.usdPerUnit();
            }
        }
        throw new IllegalStateException(c.call()[1] + " has no " + unit + " price");
    }

    /** Loads {@code rows} rows as the built-in catalog priced them, then checks a sample against the pricer. */
    private static void load(DatabaseUrl db, long rows, String layout, Prices prices) throws Exception {
        long start = System.nanoTime();
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(db.jdbcUrl());
        ds.setUser(db.user());
        ds.setPassword(db.password());
        PostgresStore.schema(ds).migrate();
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            // The prices, old and new, per priced call: the load costs rows with the old ones, the reference UPDATE
            // with the new ones. It is a table of the source database, so every copy has it.
            s.execute("CREATE TABLE bench_prices (i int PRIMARY KEY, category text, model text, endpoint text,"
                    + " actual text, source text, rule text, version text, unit text, old_in numeric, old_out numeric,"
                    + " old_unit numeric, new_in numeric, new_out numeric, new_unit numeric)");
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO bench_prices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 0;
                for (Call call : prices.calls()) {
                    p.setInt(1, i++);
                    p.setString(2, call.call()[0]);
                    p.setString(3, call.call()[1]);
                    p.setString(4, call.call()[2]);
                    p.setString(5, call.detection().provider().id());
                    p.setString(6, call.detection().source().name());
                    p.setString(7, call.detection().ruleId());
                    p.setString(8, call.detection().rulesVersion());
                    if (call.unit() == null) {
                        BigDecimal in = price(call, PriceUnit.INPUT_TOKEN);
                        BigDecimal out = price(call, PriceUnit.OUTPUT_TOKEN);
                        p.setString(9, null);
                        p.setBigDecimal(10, in);
                        p.setBigDecimal(11, out);
                        p.setBigDecimal(12, null);
                        p.setBigDecimal(13, raised(in));
                        p.setBigDecimal(14, raised(out));
                        p.setBigDecimal(15, null);
                    } else {
                        BigDecimal unit = price(call, call.unit());
                        p.setString(9, call.unit().wireName());
                        p.setBigDecimal(10, null);
                        p.setBigDecimal(11, null);
                        p.setBigDecimal(12, unit);
                        p.setBigDecimal(13, null);
                        p.setBigDecimal(14, null);
                        p.setBigDecimal(15, raised(unit));
                    }
                    p.executeUpdate();
                }
            }
            String user = layout.equals("runs")
                    ? "'user-' || lpad((((g - 1) / 500 * 7919) % 999 + 1)::text, 4, '0')"
                    : "'user-' || lpad(((g * 7919) % 999 + 1)::text, 4, '0')";
            long chunk = 250_000;
            for (long from = 1; from <= rows; from += chunk) {
                long to = Math.min(rows, from + chunk - 1);
                // Token calls: tokens, no units; media calls: units, no tokens. Costs exactly as the pricer computes
                // them (quantity x price, summed, trailing zeros dropped).
                s.execute("""
                        INSERT INTO api_usage_logs (idempotency_key, user_id, provider, endpoint, method, model_used,
                            tokens_input, tokens_output, tokens_total, units, cost_input, cost_output, cost_total,
                            response_time, status_code, error_message, timestamp, billing_period,
                            actual_provider_name, detection_source, detection_rule, detection_rules_version,
                            cost_source, unpriced_reason, price_version, catalog_cost_total)
                        SELECT 'k' || g, %s, p.category, p.endpoint, 'POST', p.model,
                               q.tin, q.tout, q.tin + q.tout, q.units,
                               q.cin, q.cout, q.ctotal, (g %% 9000) / 100.0,
                               CASE WHEN g %% 25 = 0 THEN 500 ELSE 200 END,
                               CASE WHEN g %% 25 = 0 THEN 'upstream timeout' END,
                               ts, to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM'), p.actual, p.source, p.rule, p.version,
                               'catalog', NULL, '%s', q.ctotal
                        FROM generate_series(%d::bigint, %d::bigint) g
                        JOIN bench_prices p ON p.i = g %% %d
                        CROSS JOIN LATERAL (SELECT timestamptz '2026-11-01 00:00:00+00'
                                                   + (g - 1) * (interval '30 days' / %d) AS ts) t
                        CROSS JOIN LATERAL (
                            SELECT CASE WHEN p.unit IS NULL THEN g %% 3000 END AS tin,
                                   CASE WHEN p.unit IS NULL THEN g %% 800 END AS tout,
                                   CASE WHEN p.unit IS NOT NULL
                                        THEN jsonb_build_object(p.unit, CASE p.unit WHEN 'video_second' THEN g %% 10 + 1
                                                                                    ELSE g %% 4000 + 1 END) END AS units,
                                   CASE WHEN p.unit IS NULL THEN trim_scale((g %% 3000) * p.old_in) ELSE 0 END AS cin,
                                   CASE WHEN p.unit IS NULL THEN trim_scale((g %% 800) * p.old_out) ELSE 0 END AS cout,
                                   CASE WHEN p.unit IS NULL
                                        THEN trim_scale((g %% 3000) * p.old_in + (g %% 800) * p.old_out)
                                        ELSE trim_scale(CASE p.unit WHEN 'video_second' THEN g %% 10 + 1
                                                                    ELSE g %% 4000 + 1 END * p.old_unit) END AS ctotal) q
                        """.formatted(user, prices.oldVersion(), from, to, PRICED_CALLS.length, rows));
                System.out.printf(Locale.ROOT, "  loaded %d rows (%.0f s)%n", to, (System.nanoTime() - start) / 1e9);
            }
            s.execute("VACUUM (ANALYZE)");
        }
        checkSample(db, prices);
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), pg_size_pretty(pg_total_relation_size('api_usage_logs')),"
                     + " (SELECT count(*) FROM api_usage_log_counts), (SELECT count(*) FROM api_usage_log_days),"
                     + " (SELECT count(DISTINCT user_id) FROM api_usage_logs) FROM api_usage_logs")) {
            r.next();
            System.out.printf(Locale.ROOT, "loaded %d rows (%s with indexes; %d users, %d counter rows, %d day rows),"
                            + " vacuumed and analysed in %.0f s; %s%n", r.getLong(1), r.getString(2), r.getLong(5),
                    r.getLong(3), r.getLong(4), (System.nanoTime() - start) / 1e9, rollupsCheck(db));
        }
    }

    /** Every 997th row priced again through the pricer with the built-in catalog: the same figures, exactly. */
    private static void checkSample(DatabaseUrl db, Prices prices) throws SQLException {
        Pricer pricer = new Pricer(PriceCatalog.builtIn());
        int checked = 0;
        List<String> problems = new ArrayList<>();
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, actual_provider_name, model_used, timestamp, tokens_input,"
                     + " tokens_output, units::text, cost_input::text, cost_output::text, cost_total::text,"
                     + " catalog_cost_total::text FROM api_usage_logs WHERE id % 997 = 0")) {
            while (r.next()) {
                checked++;
                Units units = Units.NONE;
                String json = r.getString(7);
                if (json != null) {
                    String[] kv = json.replaceAll("[{}\" ]", "").split(":");
                    units = new Units(Map.of(PriceUnit.fromWireName(kv[0]).orElseThrow(), new BigDecimal(kv[1])));
                }
                PriceResult price = pricer.price(new CallToPrice(r.getString(2), r.getString(3),
                        r.getObject(4, java.time.OffsetDateTime.class).toInstant(),
                        (Long) r.getObject(5, Long.class), (Long) r.getObject(6, Long.class), null, units));
                if (!(price instanceof PriceResult.Priced p)
                        || !p.costInput().toPlainString().equals(r.getString(8))
                        || !p.costOutput().toPlainString().equals(r.getString(9))
                        || !p.costTotal().toPlainString().equals(r.getString(10))
                        || !p.costTotal().toPlainString().equals(r.getString(11))) {
                    if (problems.size() < 5) {
                        problems.add("row " + r.getLong(1) + ": stored " + r.getString(8) + " + " + r.getString(9)
                                + " = " + r.getString(10) + ", the catalog says " + price);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the loaded rows are not costed as the built-in catalog costs them: "
                    + problems);
        }
        System.out.printf(Locale.ROOT, "  %d sampled rows costed exactly as the built-in catalog (%s) costs them%n",
                checked, prices.oldVersion());
    }

    /** One set-based UPDATE: the rows re-pricing would change, to the values it would write. */
    private static long referenceUpdate(DatabaseUrl db, Prices prices) throws SQLException {
        String total = "CASE WHEN p.unit IS NULL THEN trim_scale(t.tokens_input * p.new_in + t.tokens_output * p.new_out)"
                + " ELSE trim_scale((t.units ->> p.unit)::numeric * p.new_unit) END";
        try (Connection c = connect(db); PreparedStatement s = c.prepareStatement("""
                UPDATE api_usage_logs t
                SET cost_input = CASE WHEN p.unit IS NULL THEN trim_scale(t.tokens_input * p.new_in) ELSE 0 END,
                    cost_output = CASE WHEN p.unit IS NULL THEN trim_scale(t.tokens_output * p.new_out) ELSE 0 END,
                    cost_total = %s, cost_source = 'catalog', unpriced_reason = NULL, price_version = ?,
                    catalog_cost_total = %s
                FROM bench_prices p
                WHERE t.actual_provider_name = p.actual AND t.model_used = p.model
                  AND t.cost_source IS NOT NULL AND t.price_version IS DISTINCT FROM ?
                """.formatted(total, total))) {
            s.setString(1, prices.newVersion());
            s.setString(2, prices.newVersion());
            return s.executeUpdate();
        }
    }

    // ----------------------------------------------------------------------------------------------------------------

    private static final String COST_COLUMNS = "id, cost_input, cost_output, cost_total, cost_source, unpriced_reason,"
            + " price_version, catalog_cost_total";
    private static final String ALL_COLUMNS = "t.*";

    /** A digest of the columns of every row, in id order (amounts as PostgreSQL writes them, so scale counts). */
    private static String digest(DatabaseUrl db, String columns) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT md5(string_agg(md5(ROW(" + columns + ")::text), '' ORDER BY id))"
                     + " FROM api_usage_logs t")) {
            r.next();
            return r.getString(1);
        }
    }

    /** Whether the counters and the day rollup hold exactly what the rows add up to. */
    private static String rollupsCheck(DatabaseUrl db) throws SQLException {
        String counters = """
                SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, count(*),
                       coalesce(sum(tokens_input), 0), coalesce(sum(tokens_output), 0), coalesce(sum(cost_total), 0),
                       count(*) FILTER (WHERE cost_source = 'unpriced'), count(catalog_cost_total),
                       coalesce(sum(catalog_cost_total), 0)
                FROM api_usage_logs GROUP BY 1, 2, 3, 4, 5""";
        String kept = """
                SELECT user_id, billing_period, actual_provider_name, provider, status_code, calls, tokens_input,
                       tokens_output, cost_total, unpriced_calls, catalog_priced_calls, catalog_cost_total
                FROM api_usage_log_counts WHERE calls <> 0""";
        String days = """
                SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date, coalesce(actual_provider_name, ''),
                       provider, coalesce(model_used, ''), status_code, count(*), coalesce(sum(cost_total), 0),
                       count(catalog_cost_total), coalesce(sum(catalog_cost_total), 0),
                       coalesce(sum(usagelens_unit(units, 'video_second')), 0),
                       coalesce(sum(usagelens_unit(units, 'character')), 0)
                FROM api_usage_logs GROUP BY 1, 2, 3, 4, 5, 6, 7""";
        String keptDays = """
                SELECT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code, calls,
                       cost_total, catalog_priced_calls, catalog_cost_total, units_video_second, units_character
                FROM api_usage_log_days WHERE calls <> 0""";
        long off = count(db, "SELECT count(*) FROM ((" + counters + " EXCEPT " + kept + ") UNION ALL (" + kept
                + " EXCEPT " + counters + ")) x")
                + count(db, "SELECT count(*) FROM ((" + days + " EXCEPT " + keptDays + ") UNION ALL (" + keptDays
                + " EXCEPT " + days + ")) x");
        return off == 0 ? "counters and day rollup exact" : off + " ROLLUP ROWS DIFFER FROM THE ROWS";
    }

    /** Runs {@code usagelens-migrate} in a JVM of its own, as an operator would; its output, after it exits. */
    private static List<String> cli(Path work, DatabaseUrl db, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.usagelens.migration.wiring.MigrateMain"));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", db.jdbcUrl(), "--user", db.user()));
        Path log = work.resolve("cli.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        List<String> out = Files.readAllLines(log);
        if (exit != 0) {
            throw new IllegalStateException("usagelens-migrate " + String.join(" ", args) + " exited with " + exit
                    + ":\n" + String.join("\n", out));
        }
        return out;
    }

    private static DatabaseUrl database(EmbeddedDatabase postgres, String name) {
        return new DatabaseUrl("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + name, "postgres", null);
    }

    private static Connection connect(DatabaseUrl db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static void execute(DatabaseUrl db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(DatabaseUrl db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
