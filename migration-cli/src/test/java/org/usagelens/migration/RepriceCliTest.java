package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.migration.Cli.count;
import static org.usagelens.migration.Cli.rows;
import static org.usagelens.migration.Cli.run;
import static org.usagelens.migration.Cli.table;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.persistence.DataSources;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;

/**
 * {@code usagelens-migrate reprice} on real PostgreSQL: a dry run prints what would change and writes nothing; a run
 * re-costs the catalog's rows (never a client's cost), prints its run id, keeps the counters exact and leaves nothing
 * for a second run; {@code --revert} restores the table exactly.
 */
class RepriceCliTest {

    /** Rows as an older catalog version priced them; and one of each other provenance. */
    private static DatabaseUrl database() {
        DatabaseUrl db = TestDatabases.fresh();
        assertThat(run(db, "migrate").exit()).isZero();
        Cli.execute(db, """
                INSERT INTO api_usage_logs (user_id, idempotency_key, provider, endpoint, method, model_used, tokens_input,
                    tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time, status_code, timestamp,
                    billing_period, actual_provider_name, detection_source, units, cost_source, unpriced_reason,
                    price_version, catalog_cost_total)
                SELECT 'u' || (g % 3), 'k' || g, 'openai', '/v1/chat/completions', 'POST', 'gpt-4o-mini', 1000, 1000, 2000,
                       0.0003, 0.0012, 0.0015, 1.0, 200, timestamp '2026-11-10 10:00:00+00' + g * interval '1 minute',
                       '2026-11', 'openai', 'MODEL', NULL, 'catalog', NULL, 'p-old-prices', 0.0015
                FROM generate_series(1, 2500) g;
                INSERT INTO api_usage_logs (user_id, idempotency_key, provider, endpoint, method, model_used, tokens_input,
                    tokens_output, response_time, status_code, timestamp, billing_period, actual_provider_name,
                    detection_source, units, cost_source, unpriced_reason, price_version)
                VALUES ('u0', 'image', 'openai', '/v1/images', 'POST', 'dall-e-3', NULL, NULL, 2.0, 200,
                        '2026-11-11 10:00:00+00', '2026-11', 'openai', 'MODEL', '{"image": 3}', 'unpriced', 'no_price',
                        'p-old-prices');
                INSERT INTO api_usage_logs (user_id, idempotency_key, provider, endpoint, method, model_used, tokens_input,
                    tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time, status_code, timestamp,
                    billing_period, actual_provider_name, detection_source, cost_source, price_version, catalog_cost_total)
                VALUES ('u0', 'client', 'openai', '/v1/chat/completions', 'POST', 'gpt-4o-mini', 1000, 1000, 2000, 1, 2, 3,
                        1.0, 200, '2026-11-12 10:00:00+00', '2026-11', 'openai', 'MODEL', 'client', 'p-old-prices', 9),
                       ('u0', 'legacy', 'openai', '/v1/chat/completions', 'POST', 'gpt-4o-mini', 1000, 1000, 2000, 5, 5, 10,
                        1.0, 200, '2026-11-12 11:00:00+00', '2026-11', 'openai', 'MODEL', NULL, NULL, NULL);
                """);
        return db;
    }

    @Test
    void dryRun_printsRowsAndTotals_perProviderAndModel_andWritesNothing() {
        DatabaseUrl db = database();
        List<List<String>> before = table(db);
        Cli.Run dry = run(db, "reprice", "--dry-run", "--batch-size", "1000");
        assertThat(dry.exit()).as(dry.toString()).isZero();
        // 2,500 catalog rows at 1000 x 0.00000015 + 1000 x 0.0000006 = 0.00075 each (was 0.0015), and the client's
        // row, whose catalog figure (9) moves to 0.00075 too
        assertThat(dry.out()).contains("2502 rows examined, 2502 would change their cost")
                .containsPattern("openai\\s+gpt-4o-mini\\s+2501\\s+12.75\\s+1.87575\\s")
                .containsPattern("openai\\s+dall-e-3\\s+1\\s+0\\s+0.12\\s+1 newly priced")
                .contains("nothing was written").doesNotContain("run id:");
        assertThat(table(db)).isEqualTo(before);
    }

    @Test
    void aRun_recostsTheCatalogsRows_keepsTheClientsCost_countersExact_andARevertRestoresEverything() throws Exception {
        DatabaseUrl db = database();
        List<List<String>> before = table(db);
        Cli.Run reprice = run(db, "reprice", "--batch-size", "700");
        assertThat(reprice.exit()).as(reprice.toString()).isZero();
        String runId = reprice.out().lines().filter(l -> l.startsWith("run id: ")).findFirst().orElseThrow().substring(8);
        assertThat(reprice.out()).contains("2502 rows examined, 2502 written with prices");

        assertThat(count(db, "SELECT count(*) FROM api_usage_logs WHERE model_used = 'gpt-4o-mini' AND cost_source ="
                + " 'catalog' AND cost_total = 0.00075 AND cost_input = 0.00015 AND cost_output = 0.0006")).isEqualTo(2500);
        assertThat(rows(db, "SELECT cost_source, cost_total, unpriced_reason FROM api_usage_logs WHERE idempotency_key = 'image'"))
                .containsExactly(List.of("catalog", "0.12", "NULL"));
        assertThat(rows(db, "SELECT cost_source, cost_total, catalog_cost_total FROM api_usage_logs WHERE idempotency_key = 'client'"))
                .containsExactly(List.of("client", "3", "0.00075"));
        assertThat(rows(db, "SELECT cost_source, cost_total, price_version FROM api_usage_logs WHERE idempotency_key = 'legacy'"))
                .as("rows without a provenance are not re-priced").containsExactly(List.of("NULL", "10", "NULL"));
        assertCountersMatchRows(db);

        Cli.Run again = run(db, "reprice");
        assertThat(again.out()).contains("0 rows judged against another price catalog");

        Cli.Run revert = run(db, "reprice", "--revert", runId);
        assertThat(revert.exit()).as(revert.toString()).isZero();
        assertThat(revert.out()).contains("2502 rows restored, 0 left alone");
        assertThat(table(db)).isEqualTo(before);
        assertCountersMatchRows(db);
        Cli.Run twice = run(db, "reprice", "--revert", runId);
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("was reverted already");
        assertThat(run(db, "reprice", "--revert", "reprice-nope").err()).contains("no re-pricing run reprice-nope");
    }

    @Test
    void aDeploymentPriceFile_isUsed_andABadOneFailsBeforeTouchingTheDatabase(@TempDir Path dir) throws Exception {
        DatabaseUrl db = database();
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, "model,provider,provider_model,unit,usd_per_unit,effective_from\n"
                + "gpt-4o-mini,openai,gpt-4o-mini,input_token,0.000001,2026-01-01\n"
                + "gpt-4o-mini,openai,gpt-4o-mini,output_token,0.000001,2026-01-01\n");
        assertThat(run(db, "reprice", "--prices", prices.toString()).exit()).isZero();
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs WHERE model_used = 'gpt-4o-mini' AND cost_total = 0.002"))
                .isEqualTo(2500);
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "model,provider,provider_model,unit,usd_per_unit,effective_from\nx,openai,x,pixels,1,2026-01-01\n");
        List<List<String>> before = table(db);
        Cli.Run failed = run(db, "reprice", "--prices", bad.toString());
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("bad.csv:2");
        assertThat(table(db)).isEqualTo(before);
    }

    /** The trigger-kept counters equal the rows (what the analytics read), through a re-pricing and its revert. */
    private static void assertCountersMatchRows(DatabaseUrl db) {
        // Amounts compared as values (trim_scale): a sum's scale depends on every amount ever added to it.
        assertThat(rows(db, "SELECT user_id, sum(calls), trim_scale(sum(cost_total)), sum(unpriced_calls),"
                + " sum(catalog_priced_calls), trim_scale(sum(catalog_cost_total)), trim_scale(sum(catalog_compared_cost))"
                + " FROM api_usage_log_counts GROUP BY 1 ORDER BY 1"))
                .isEqualTo(rows(db, "SELECT user_id, count(*), trim_scale(coalesce(sum(cost_total), 0)),"
                        + " count(*) FILTER (WHERE cost_source = 'unpriced'), count(catalog_cost_total),"
                        + " trim_scale(coalesce(sum(catalog_cost_total), 0)),"
                        + " trim_scale(coalesce(sum(cost_total) FILTER (WHERE catalog_cost_total IS NOT NULL), 0))"
                        + " FROM api_usage_logs GROUP BY 1 ORDER BY 1"));
    }
}
