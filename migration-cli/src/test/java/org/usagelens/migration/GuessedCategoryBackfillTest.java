package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.usagelens.migration.Cli.Run;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;

/**
 * A row an OpenTelemetry span described (its category the instrumentation's guess, {@code openai}, for the OpenAI SDK
 * pointed at the Hugging Face router) is detected again by the backfill with the precedence it was stored with:
 * endpoint, model, hint, default. Its twin, the same call as an application logged it, keeps the logged category's
 * precedence, where a single-vendor category decides. Before V9 the backfill could not tell them apart and made the
 * span's row OpenAI.
 */
class GuessedCategoryBackfillTest {
    private static final String ENDPOINT = "https://router.huggingface.co/v1/chat/completions";
    private static final String MODEL = "openai/gpt-oss-120b:groq";

    @Test
    void backfill_redetectsAGuessedCategory_byTheHintsPrecedence_andALoggedOne_byTheCategorys() throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        Run migrate = Cli.run(Cli.withDb(db, "migrate", "--no-backfill"));
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            // Both stored by an older rules version, as HuggingFace, so the backfill detects them again.
            insert(c, "span", true, "openai");
            insert(c, "logged", false, null);
            insert(c, "span-without-name", true, null);

            Run backfill = Cli.run(Cli.withDb(db, "backfill"));
            assertThat(backfill.exit()).as(backfill.err()).isZero();
            assertThat(backfill.out()).contains("3 rows examined");

            assertThat(detection(c, "span")).isEqualTo("huggingface ENDPOINT");
            assertThat(detection(c, "span-without-name")).isEqualTo("huggingface ENDPOINT");
            assertThat(detection(c, "logged")).isEqualTo("openai CATEGORY");

            // The rule: a hint comes only with a guessed category, and is never empty.
            try (Statement s = c.createStatement()) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> s.execute(
                        "UPDATE api_usage_logs SET provider_hint = 'openai' WHERE idempotency_key = 'logged'")))
                        .hasMessageContaining("ck_api_usage_logs_provider_hint");
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> s.execute(
                        "UPDATE api_usage_logs SET provider_hint = '' WHERE idempotency_key = 'span'")))
                        .hasMessageContaining("ck_api_usage_logs_provider_hint");
            }
        }
    }

    private static void insert(Connection c, String key, boolean guessed, String hint) throws Exception {
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO api_usage_logs (idempotency_key, user_id, provider, endpoint, method, model_used, cost_total,
                    response_time, status_code, timestamp, billing_period, actual_provider_name, detection_source,
                    detection_rule, detection_rules_version, category_guessed, provider_hint)
                VALUES (?, 'otel-user', 'openai', ?, 'POST', ?, 0.001, 0.5, 200, timestamptz '2026-11-30 23:59:00+00',
                    '2026-11', 'huggingface', 'ENDPOINT', 'old-rule', 'rules-0', ?, ?)
                """)) {
            p.setString(1, key);
            p.setString(2, ENDPOINT);
            p.setString(3, MODEL);
            p.setBoolean(4, guessed);
            p.setString(5, hint);
            p.executeUpdate();
        }
    }

    private static String detection(Connection c, String key) throws Exception {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT actual_provider_name, detection_source FROM api_usage_logs WHERE idempotency_key = ?")) {
            p.setString(1, key);
            try (ResultSet rs = p.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1) + " " + rs.getString(2);
            }
        }
    }
}
