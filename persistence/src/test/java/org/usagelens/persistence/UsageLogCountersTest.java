package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.testing.TestUsageEvents.detected;
import static org.usagelens.domain.testing.TestUsageEvents.log;
import static org.usagelens.domain.testing.TestUsageEvents.withLatency;
import static org.usagelens.domain.model.LatencyPrecision.EXACT;
import static org.usagelens.domain.model.LatencyPrecision.SKETCHED;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.DailyAggregate;
import org.usagelens.domain.model.UsageAggregate;
import org.usagelens.domain.model.UsageAnalytics;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.UsageLogFilter;

/**
 * total_count comes from counters that triggers keep beside the table: whatever writes the table (inserts, a
 * backfill's updates, deletes, truncate, concurrent batches), the counters must equal a COUNT of the rows for every
 * filter they serve.
 */
class UsageLogCountersTest {
    private static final LegacyAttribution NONE = LegacyAttribution.NONE;
    private static final Instant OCT = Instant.parse("2026-10-05T10:00:00Z");
    private static final Instant NOV = Instant.parse("2026-11-05T10:00:00Z");

    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.pooled("counters-test", 8, Duration.ofSeconds(10));
    private JooqUsageLogRepository repository;
    private JooqAnalyticsRepository analytics;

    @BeforeEach
    void empty() {
        database.dsl().execute("TRUNCATE api_usage_logs RESTART IDENTITY");
        repository = new JooqUsageLogRepository(database.dsl());
        analytics = new JooqAnalyticsRepository(database.dsl());
    }

    /** Varied latencies: a log-normal spread, some zero, one very slow. */
    private static double latency(int i) {
        return i == 13 ? 0 : i == 29 ? 3600 : Math.exp((i * 7919 % 61) / 10.0 - 3);
    }

    @Test
    void givenInsertsUpdatesAndDeletes_countsEqualTheRowsForEveryFilter() {
        List<NewUsageLog> logs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Category category = List.of(Category.VIDEO, Category.AUDIO, Category.OPENAI).get(i % 3);
            String provider = List.of("wavespeed", "openai", "google").get(i % 3);
            NewUsageLog plain = log("u1", "k" + i, category, "m" + i % 4, i % 2 == 0 ? OCT : NOV, i % 7 == 0 ? 500 : 200,
                    "0.1", i % 10 == 9 ? null : detected(provider));
            // Every cost provenance: the client's (with and without a catalog figure), the catalog's, none.
            org.usagelens.domain.model.StoredCost cost = switch (i % 4) {
                case 0 -> plain.cost();
                case 1 -> new org.usagelens.domain.model.StoredCost(plain.cost().costInput(), plain.cost().costOutput(),
                        plain.cost().costTotal(), org.usagelens.domain.model.CostSource.CLIENT, null, "pv1",
                        new java.math.BigDecimal("0.0875"));
                case 2 -> new org.usagelens.domain.model.StoredCost(java.math.BigDecimal.ZERO, new java.math.BigDecimal("0.25"),
                        new java.math.BigDecimal("0.25"), org.usagelens.domain.model.CostSource.CATALOG, null, "pv1",
                        new java.math.BigDecimal("0.25"));
                default -> new org.usagelens.domain.model.StoredCost(null, null, null,
                        org.usagelens.domain.model.CostSource.UNPRICED, "no_price", "pv1", null);
            };
            logs.add(withLatency(new NewUsageLog(plain.event(), plain.detection(), cost), latency(i)));
        }
        logs.add(log("u2", "k0", Category.VIDEO, "m", OCT, 200, "0.1", detected("wavespeed")));
        UsageLogFilter u1 = UsageLogFilter.forUser("u1");
        UsageLogFilter u2 = UsageLogFilter.forUser("u2");
        String empty = stamp(u1);
        repository.insertNew(logs);
        String stored = stamp(u1);
        assertThat(stored).isNotEqualTo(empty);
        String u2Stored = stamp(u2);
        repository.insertNew(logs.subList(0, 10)); // duplicates change nothing
        assertThat(stamp(u1)).isEqualTo(stored);
        assertCountsMatchRows();
        // Compaction folds pending sketches into the rollups, a few at a time or all: no figure and no stamp moves.
        assertThat(analytics.compactLatencySketches(3)).isEqualTo(3);
        assertCountsMatchRows();
        while (analytics.compactLatencySketches(1000) > 0) {
            // until nothing is pending
        }
        assertThat(stamp(u1)).isEqualTo(stored);
        assertThat(database.dsl().fetchCount(database.dsl().selectFrom("api_usage_log_latency_pending"))).isZero();
        assertCountsMatchRows();

        // A backfill fills the rows without a provider; an operator deletes some rows.
        database.dsl().execute("UPDATE api_usage_logs SET actual_provider_name = 'huggingface' WHERE actual_provider_name IS NULL"
                + " AND user_id = 'u1'");
        assertThat(stamp(u1)).isNotEqualTo(stored);
        assertThat(stamp(u2)).as("another user's writes leave u2's stamp alone").isEqualTo(u2Stored);
        assertCountsMatchRows();
        analytics.compactLatencySketches(1000);
        assertCountsMatchRows();
        String backfilled = stamp(u1);
        database.dsl().execute("UPDATE api_usage_logs SET retry_count = 1"); // moves no row between counters
        assertThat(stamp(u1)).isNotEqualTo(backfilled);
        assertCountsMatchRows();
        // Corrections that move no row between counters still change the sums, days and latencies.
        String corrected = stamp(u1);
        database.dsl().execute("UPDATE api_usage_logs SET cost_total = cost_total * 3, tokens_input = 7 WHERE idempotency_key = 'k4'");
        database.dsl().execute("UPDATE api_usage_logs SET timestamp = timestamp + interval '3 days' WHERE idempotency_key = 'k6'");
        database.dsl().execute("UPDATE api_usage_logs SET response_time = 99 WHERE idempotency_key = 'k8'");
        database.dsl().execute("UPDATE api_usage_logs SET response_time = response_time * 1.5 WHERE id % 4 = 1");
        database.dsl().execute("UPDATE api_usage_logs SET model_used = 'renamed' WHERE id % 6 = 2");
        assertThat(stamp(u1)).isNotEqualTo(corrected);
        assertCountsMatchRows();
        analytics.compactLatencySketches(5);
        assertCountsMatchRows();
        // A re-pricing: unpriced rows get a catalog cost, catalog rows a new one, a client row a new catalog figure.
        database.dsl().execute("UPDATE api_usage_logs SET cost_source = 'catalog', unpriced_reason = NULL, cost_total = 0.5,"
                + " catalog_cost_total = 0.5, price_version = 'pv2' WHERE cost_source = 'unpriced' AND id % 2 = 0");
        database.dsl().execute("UPDATE api_usage_logs SET cost_total = cost_total * 2, catalog_cost_total = catalog_cost_total * 2"
                + " WHERE cost_source = 'catalog' AND id % 3 = 0");
        database.dsl().execute("UPDATE api_usage_logs SET catalog_cost_total = NULL WHERE cost_source = 'client' AND id % 5 = 1");
        database.dsl().execute("UPDATE api_usage_logs SET units = '{\"video_second\": 5.5}' WHERE id % 3 = 0");
        assertCountsMatchRows();
        String deleted = stamp(u1);
        database.dsl().execute("DELETE FROM api_usage_logs WHERE status_code = 500 OR idempotency_key = 'k3'");
        assertThat(stamp(u1)).isNotEqualTo(deleted);
        assertCountsMatchRows();
        analytics.compactLatencySketches(1000);
        assertCountsMatchRows();
        // Every call of a group deleted, and the group's pending sketches cancel its compacted one.
        database.dsl().execute("DELETE FROM api_usage_logs WHERE actual_provider_name = 'openai'");
        assertCountsMatchRows();
        analytics.compactLatencySketches(1000);
        assertCountsMatchRows();
        String beforeTruncate = stamp(u1);
        repository.insertNew(logs.subList(20, 30)); // pending sketches at the truncate
        database.dsl().execute("TRUNCATE api_usage_logs");
        assertThat(repository.count(u1, NONE)).isZero();
        assertThat(stamp(u1)).isNotEqualTo(beforeTruncate).isNotEqualTo(empty);
        assertCountsMatchRows();
    }

    @Test
    void changeStamp_ofAMonth_movesOnlyWithThatMonthsWrites() {
        UsageLogFilter october = new UsageLogFilter("u1", null, null, null, null, "2026-10", null, null);
        repository.insertNew(List.of(log("u1", "a", Category.VIDEO, "m", OCT, 200, "0.1", detected("wavespeed"))));
        String stamp = stamp(october);
        repository.insertNew(List.of(log("u1", "b", Category.VIDEO, "m", NOV, 200, "0.1", detected("wavespeed"))));
        assertThat(stamp(october)).isEqualTo(stamp);
        repository.insertNew(List.of(log("u1", "c", Category.AUDIO, "m", OCT, 200, "0.1", detected("openai"))));
        assertThat(stamp(october)).isNotEqualTo(stamp);
    }

    private String stamp(UsageLogFilter filter) {
        return analytics.changeStamp(filter).orElseThrow();
    }

    @Test
    void givenConcurrentBatchesOfOneUser_countsEqualTheRows() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int b = 0; b < 10; b++) {
                        List<NewUsageLog> batch = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            // Overlapping keys across threads: replays race with first writes.
                            String key = "k" + ((thread % 3) * 1000 + b * 50 + i);
                            batch.add(log("u1", key, i % 2 == 0 ? Category.VIDEO : Category.AUDIO, "m",
                                    i % 3 == 0 ? OCT : NOV, i % 5 == 0 ? 429 : 200, "0.1", detected(i % 2 == 0 ? "wavespeed" : "openai")));
                        }
                        repository.insertNew(batch);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(repository.count(UsageLogFilter.forUser("u1"), NONE)).isEqualTo(1500);
        assertCountsMatchRows();
        analytics.compactLatencySketches(10_000);
        assertCountsMatchRows();
    }

    /**
     * Counts, analytics sums and daily series from the rollups equal those computed from the rows, and every latency
     * percentile from the rollups' sketches is within the stated error of the exact one. The sketched figures are the
     * same whichever rollup answers: the counters (a period), the day rollup (whole days), or the day rollup and the
     * rows at the window's ends. The rollups' own sketches, compacted and pending together, are those of the rows.
     */
    private void assertCountsMatchRows() {
        assertRollupsMatchRows();
        for (String user : List.of("u1", "u2", "nobody")) {
            for (UsageLogFilter filter : filters(user)) {
                long rows = repository.find(filter, NONE, null, 0, 100_000).size();
                assertThat(repository.count(filter, NONE)).as(filter.toString()).isEqualTo(rows);
                if (filter.from() == null) {
                    UsageAnalytics exact = analytics.analytics(window(filter, ALL_TIME_FROM, ALL_TIME_TO), NONE, EXACT);
                    assertThat(exact.latencyRelativeError()).isZero();
                    assertThat(normalised(analytics.analytics(filter, NONE, EXACT), true)).as("exact analytics " + filter)
                            .isEqualTo(normalised(exact, true));
                    UsageAnalytics sketched = analytics.analytics(filter, NONE, SKETCHED);
                    assertThat(sketched.latencyRelativeError()).isEqualTo(0.01);
                    assertThat(normalised(sketched, false)).as("sums " + filter).isEqualTo(normalised(exact, false));
                    assertWithinError(sketched, exact, filter);
                    assertThat(normalised(analytics.analytics(window(filter, ALL_TIME_FROM, ALL_TIME_TO), NONE, SKETCHED), true))
                            .as("whole days " + filter).isEqualTo(normalised(sketched, true));
                    assertThat(normalised(analytics.analytics(window(filter, EDGE_FROM, EDGE_TO), NONE, SKETCHED), true))
                            .as("days and the rows at both ends " + filter).isEqualTo(normalised(sketched, true));
                }
            }
        }
    }

    private static int rowsOf(String sql) {
        return database.dsl().fetch(sql).size();
    }

    private static UsageLogFilter window(UsageLogFilter f, Instant from, Instant to) {
        return new UsageLogFilter(f.userId(), f.actualProvider(), f.category(), f.status(), f.statusCode(), f.billingPeriod(),
                from, to);
    }

    private static void assertWithinError(UsageAnalytics sketched, UsageAnalytics exact, UsageLogFilter filter) {
        // Keyed with the calls too: the total and the group of rows without a provider both have a null provider (when
        // their calls are equal they are the same rows, with the same figures).
        java.util.Map<String, UsageAggregate> truth = new java.util.HashMap<>();
        exact.aggregates().forEach(a -> truth.put(a.provider() + "/" + a.category() + "/" + a.calls(), a));
        for (UsageAggregate a : sketched.aggregates()) {
            UsageAggregate e = truth.get(a.provider() + "/" + a.category() + "/" + a.calls());
            assertThat(e).as(filter + " " + a.provider() + "/" + a.category()).isNotNull();
            assertClose(a.latencyP50(), e.latencyP50(), filter + " p50 " + a.provider() + "/" + a.category());
            assertClose(a.latencyP95(), e.latencyP95(), filter + " p95 " + a.provider() + "/" + a.category());
        }
    }

    private static void assertClose(Double estimate, Double truth, String what) {
        if (truth == null) {
            assertThat(estimate).as(what).isNull();
            return;
        }
        assertThat(estimate).as(what).isNotNull();
        assertThat(Math.abs(estimate - truth)).as(what + ": " + estimate + " against " + truth)
                .isLessThanOrEqualTo(0.01 * truth);
    }

    /**
     * Straight from the tables: the day rollup's sums are the rows' per day group, and each rollup's sketches
     * (compacted plus pending) are the rows' latencies bucketed; compacted sketches are well formed.
     */
    private static void assertRollupsMatchRows() {
        String days = """
                SELECT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code, calls,
                       tokens_input, tokens_output, cost_total, unpriced_calls, catalog_priced_calls, catalog_cost_total,
                       catalog_compared_cost, units_video_second
                FROM api_usage_log_days WHERE calls <> 0""";
        String rows = """
                SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date, coalesce(actual_provider_name, ''),
                       provider, coalesce(model_used, ''), status_code, count(*), coalesce(sum(tokens_input), 0),
                       coalesce(sum(tokens_output), 0), coalesce(sum(cost_total), 0),
                       count(*) FILTER (WHERE cost_source = 'unpriced'), count(catalog_cost_total),
                       coalesce(sum(catalog_cost_total), 0),
                       coalesce(sum(cost_total) FILTER (WHERE catalog_cost_total IS NOT NULL), 0),
                       coalesce(sum(usagelens_unit(units, 'video_second')), 0)
                FROM api_usage_logs GROUP BY 1, 2, 3, 4, 5, 6, 7""";
        assertThat(rowsOf(("(" + days + " EXCEPT ALL " + rows + ") UNION ALL (" + rows
                + " EXCEPT ALL " + days + ")"))).as("day rollup against the rows").isZero();
        for (String[] grain : new String[][] {
                {"api_usage_log_counts", "user_id, billing_period, actual_provider_name, provider, status_code",
                        "user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code"},
                {"api_usage_log_days", "user_id, billing_period, day, actual_provider_name, provider, model_used, status_code",
                        "user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date, coalesce(actual_provider_name, ''),"
                                + " provider, coalesce(model_used, ''), status_code"}}) {
            String keys = grain[1];
            int width = keys.split(",").length;
            String groupBy = java.util.stream.IntStream.rangeClosed(1, width + 1).mapToObj(Integer::toString)
                    .collect(java.util.stream.Collectors.joining(", "));
            String rollup = "SELECT " + keys + ", u.bucket, sum(u.calls) FROM (SELECT " + keys
                    + ", latency_buckets, latency_counts FROM " + grain[0] + " UNION ALL SELECT " + keys
                    + ", latency_buckets, latency_counts FROM api_usage_log_latency_pending) s,"
                    + " unnest(latency_buckets, latency_counts) AS u(bucket, calls) GROUP BY " + groupBy
                    + " HAVING sum(u.calls) <> 0";
            String truth = "SELECT " + grain[2] + ", usagelens_latency_bucket(response_time), count(*) FROM api_usage_logs"
                    + " GROUP BY " + groupBy;
            assertThat(rowsOf(("(" + rollup + " EXCEPT ALL " + truth + ") UNION ALL (" + truth
                    + " EXCEPT ALL " + rollup + ")"))).as(grain[0] + " sketches against the rows").isZero();
            assertThat(rowsOf(("SELECT 1 FROM " + grain[0] + " WHERE cardinality(latency_buckets)"
                    + " <> cardinality(latency_counts) OR 0 >= ANY (latency_counts) OR latency_buckets <> ARRAY(SELECT DISTINCT b"
                    + " FROM unnest(latency_buckets) b ORDER BY b)"))).as(grain[0] + " sketches well formed").isZero();
        }
    }

    private static final Instant ALL_TIME_FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant ALL_TIME_TO = Instant.parse("2100-01-01T00:00:00Z");
    /** Before every row (the first is at OCT) but not at midnight, and an end that is not midnight either. */
    private static final Instant EDGE_FROM = Instant.parse("2026-10-05T09:00:00Z");
    private static final Instant EDGE_TO = Instant.parse("2099-12-31T23:30:00Z");

    /** The figures as comparable text: money without trailing zeros, groups in a fixed order; latencies if asked. */
    private static List<String> normalised(UsageAnalytics analytics, boolean latencies) {
        List<String> lines = new ArrayList<>();
        for (UsageAggregate a : analytics.aggregates()) {
            lines.add(a.provider() + "/" + a.category() + ": " + a.calls() + " calls, " + a.successfulCalls() + " ok, "
                    + a.tokensInput() + "+" + a.tokensOutput() + " tokens, " + a.cost().stripTrailingZeros().toPlainString()
                    + (latencies ? ", p50 " + a.latencyP50() + ", p95 " + a.latencyP95() : "")
                    + ", unpriced " + a.pricing().unpricedCalls()
                    + ", catalog " + a.pricing().catalogPricedCalls() + " priced at "
                    + a.pricing().catalogCost().stripTrailingZeros().toPlainString() + " against "
                    + a.pricing().comparedCost().stripTrailingZeros().toPlainString());
        }
        java.util.Collections.sort(lines);
        for (DailyAggregate d : analytics.daily()) {
            lines.add(d.date() + " " + d.provider() + ": " + d.calls() + ", " + d.cost().stripTrailingZeros().toPlainString());
        }
        return lines;
    }

    private static List<UsageLogFilter> filters(String user) {
        List<UsageLogFilter> filters = new ArrayList<>();
        for (String provider : new String[] {null, "wavespeed", "openai", "huggingface"}) {
            for (Category category : new Category[] {null, Category.VIDEO, Category.AUDIO}) {
                for (UsageLogFilter.CallStatus status : new UsageLogFilter.CallStatus[] {null,
                        UsageLogFilter.CallStatus.SUCCESS, UsageLogFilter.CallStatus.FAILED}) {
                    for (String period : new String[] {null, "2026-10"}) {
                        filters.add(new UsageLogFilter(user, provider, category, status, null, period, null, null));
                    }
                }
            }
        }
        filters.add(new UsageLogFilter(user, null, null, null, 500, null, null, null));
        filters.add(new UsageLogFilter(user, null, null, null, 429, "2026-11", null, null));
        filters.add(new UsageLogFilter(user, null, null, null, null, null, OCT, NOV)); // counted from the rows
        return filters;
    }
}
