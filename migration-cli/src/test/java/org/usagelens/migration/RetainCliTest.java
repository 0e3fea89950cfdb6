package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.MonthlyAggregate;
import org.usagelens.domain.model.UsageAnalytics;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.migration.Cli.Run;
import org.usagelens.migration.wiring.MigrateMain;
import org.usagelens.persistence.DataSources;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.PostgresStore;
import org.usagelens.persistence.testing.TestDatabases;

class RetainCliTest {
    private static final Clock DECEMBER_FIRST = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneId.of("UTC"));
    private static final List<String> USERS = List.of("ret-a", "ret-b");
    private static final List<String> MONTHS = List.of("2026-08", "2026-09", "2026-10", "2026-11");

    @Test
    void cutOff_isTheStartOfTheUtcMonth_nMonthsBeforeTheCurrentOne() {
        assertThat(RetainCommand.cutOff(DECEMBER_FIRST, 1)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(RetainCommand.cutOff(fixed("2026-11-30T23:59:59.999Z"), 1)).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
        assertThat(RetainCommand.cutOff(fixed("2026-01-15T12:00:00Z"), 1)).isEqualTo(Instant.parse("2025-12-01T00:00:00Z"));
        assertThat(RetainCommand.cutOff(fixed("2028-02-29T12:00:00Z"), 1)).isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
        assertThat(RetainCommand.cutOff(fixed("2028-02-29T23:59:59Z"), 12)).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(RetainCommand.cutOff(fixed("2028-03-31T00:00:00Z"), 1)).isEqualTo(Instant.parse("2028-02-01T00:00:00Z"));
        // The clock's zone does not move the month: it is 1 December 2026 in Kiribati, still November in UTC.
        assertThat(RetainCommand.cutOff(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneId.of("Pacific/Kiritimati")), 1))
                .isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
    }

    @Test
    void retain_dryRunChangesNothing_applyRemovesOldDetail_andAnalyticsStayEqual() throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        assertThat(Cli.run(db, "migrate", "--no-backfill").exit()).isZero();
        insertRows(db);
        Map<String, UsageAnalytics> before = analytics(db);
        List<MonthlyAggregate> monthlyBefore = monthly(db);
        long rowsBefore = Long.parseLong(Cli.rows(db, "SELECT count(*) FROM api_usage_logs").get(0).get(0));

        Run dry = run(db, "retain", "--months", "1");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("dry run: 120 row(s) before 2026-11-01T00:00:00Z would be removed")
                .contains("2026-08: 40, 2026-09: 40, 2026-10: 40").contains("--apply");
        assertThat(Long.parseLong(Cli.rows(db, "SELECT count(*) FROM api_usage_logs").get(0).get(0))).isEqualTo(rowsBefore);

        Run apply = run(db, "retain", "--months", "1", "--apply", "--batch-size", "7");
        assertThat(apply.exit()).as(apply.toString()).isZero();
        assertThat(apply.out()).contains("done: 120 row(s) before 2026-11-01T00:00:00Z removed");
        assertThat(Cli.rows(db, "SELECT billing_period, count(*) FROM api_usage_logs GROUP BY 1"))
                .containsExactly(List.of("2026-11", "40"));

        assertThat(analytics(db)).isEqualTo(before);
        assertThat(monthly(db)).isEqualTo(monthlyBefore);
        try (var ds = DataSources.pooled(db, "retain-test", 1, java.time.Duration.ofSeconds(5))) {
            var logs = PostgresStore.usageLogs(ds);
            for (String user : USERS) {
                for (String month : MONTHS) {
                    long rows = Long.parseLong(Cli.rows(db, "SELECT count(*) FROM api_usage_logs WHERE user_id = '" + user
                            + "' AND billing_period = '" + month + "'").get(0).get(0));
                    assertThat(logs.count(filter(user, month), LegacyAttribution.NONE)).as(user + " " + month)
                            .isEqualTo(rows).isEqualTo(month.equals("2026-11") ? 20 : 0);
                }
            }
        }
        // Run again: nothing older is left.
        Run again = run(db, "retain", "--months", "1", "--apply");
        assertThat(again.out()).contains("done: 0 row(s)");
        assertThat(analytics(db)).isEqualTo(before);
    }

    @Test
    void retain_badInput_namesTheOption() {
        DatabaseUrl db = TestDatabases.fresh();
        assertThat(run(db, "retain", "--months", "0").err()).contains("--months");
        assertThat(run(db, "retain", "--months", "3", "--batch-size", "0").err()).contains("--batch-size");
        assertThat(run(db, "retain", "--months", "3", "--apply", "--dry-run").err()).contains("--apply").contains("--dry-run");
        Run missing = run(db, "retain");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--months");
    }

    private static Run run(DatabaseUrl db, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MigrateMain.run(Cli.withDb(db, args), new PrintWriter(out, true), new PrintWriter(err, true), DECEMBER_FIRST);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Clock fixed(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneId.of("UTC"));
    }

    private static UsageLogFilter filter(String user, String month) {
        return new UsageLogFilter(user, null, null, null, null, month, null, null);
    }

    private static Map<String, UsageAnalytics> analytics(DatabaseUrl db) {
        try (var ds = DataSources.pooled(db, "retain-test", 1, java.time.Duration.ofSeconds(5))) {
            var analytics = PostgresStore.analytics(ds);
            Map<String, UsageAnalytics> result = new LinkedHashMap<>();
            for (String user : USERS) {
                for (String month : MONTHS) {
                    UsageAnalytics a = analytics.analytics(filter(user, month), LegacyAttribution.NONE, LatencyPrecision.SKETCHED);
                    assertThat(a.aggregates()).isNotEmpty();
                    result.put(user + " " + month, a);
                }
            }
            return result;
        }
    }

    private static List<MonthlyAggregate> monthly(DatabaseUrl db) {
        try (var ds = DataSources.pooled(db, "retain-test", 1, java.time.Duration.ofSeconds(5))) {
            var analytics = PostgresStore.analytics(ds);
            return USERS.stream().flatMap(u -> analytics.monthly(u, "2026-01", "2026-12").stream()).toList();
        }
    }

    /** 20 rows a user and month, on several days, providers, status codes and latencies; the first half compacted. */
    private static void insertRows(DatabaseUrl db) throws Exception {
        try (Connection c = Cli.connect(db); Statement s = c.createStatement()) {
            for (String user : USERS) {
                for (String month : MONTHS) {
                    s.execute("""
                            INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, tokens_input,
                                tokens_output, cost_total, response_time, status_code, timestamp, billing_period,
                                actual_provider_name, idempotency_key)
                            SELECT '%1$s', CASE WHEN g %% 3 = 0 THEN 'openai' ELSE 'anthropic' END, '/v1/x', 'POST',
                                   'm' || (g %% 2), g, 2 * g, 0.0013 * g, 0.05 * g + 0.01, CASE WHEN g %% 5 = 0 THEN 500 ELSE 200 END,
                                   '%2$s-01T00:00:00Z'::timestamptz + g * interval '31 hours', '%2$s',
                                   CASE WHEN g %% 3 = 0 THEN 'openai' ELSE 'anthropic' END, '%1$s-%2$s-' || g
                            FROM generate_series(1, 20) g""".formatted(user, month));
                }
            }
            s.execute("SELECT usagelens_compact_latency(40)");
        }
    }
}
