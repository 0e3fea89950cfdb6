package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.UnadoptableDatabaseException;
import org.usagelens.persistence.testing.LegacyDatabases;
import org.usagelens.persistence.testing.TestDatabases;

class LegacyAdoptionTest {

    /** Every original column as text, costs as the double they hold and timestamps as UTC, in id order. */
    private static final String SNAPSHOT_BEFORE = "SELECT id, user_id, provider::text, endpoint, method, model_used,"
            + " tokens_input, tokens_output, tokens_total, cost_input::float8::text, cost_output::float8::text,"
            + " cost_total::float8::text, response_time, status_code, request_size, response_size, user_agent,"
            + " ip_address, error_message, retry_count, to_char(timestamp, 'YYYY-MM-DD HH24:MI:SS.US'), billing_period"
            + " FROM api_usage_logs ORDER BY id";
    private static final String SNAPSHOT_AFTER = SNAPSHOT_BEFORE.replace("to_char(timestamp,",
            "to_char(timestamp AT TIME ZONE 'UTC',");

    private static List<List<Object>> snapshot(DSLContext dsl, String sql) {
        List<List<Object>> rows = new ArrayList<>();
        dsl.fetch(sql).forEach(r -> rows.add(java.util.Arrays.stream(r.intoArray()).map(String::valueOf)
                .map(Object.class::cast).toList()));
        return rows;
    }

    private static <T> T value(DSLContext dsl, String sql, Class<T> type) {
        return dsl.fetchOne(sql).get(0, type);
    }

    private static HikariDataSource openInNewYork(org.usagelens.persistence.DatabaseUrl db) {
        var config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(2);
        config.setConnectionInitSql("SET TIME ZONE 'America/New_York'");
        return new HikariDataSource(config);
    }

    private static HikariDataSource open(org.usagelens.persistence.DatabaseUrl db) {
        return DataSources.pooled(db, "adoption-test", 2, Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "with actual_provider_name: {0}")
    @ValueSource(booleans = {false, true})
    void givenOriginalDatabase_whenAdoptedAndMigrated_thenEveryValueIsKept_andTheSchemaIsOurs(boolean column) {
        var db = LegacyDatabases.create(column, 2_000);
        // The session's time zone must not matter: the original's timestamps are UTC.
        try (HikariDataSource ds = openInNewYork(db)) {
            DSLContext dsl = Jooq.context(ds);
            assertThat(value(dsl, "SHOW timezone", String.class)).isEqualTo("America/New_York");
            List<List<Object>> before = snapshot(dsl, SNAPSHOT_BEFORE);
            List<String> providersBefore = dsl.fetch(column ? "SELECT coalesce(actual_provider_name, '-') FROM"
                    + " api_usage_logs ORDER BY id" : "SELECT '-' FROM api_usage_logs ORDER BY id").getValues(0, String.class);
            assertThat(LegacyAdoption.isLegacy(ds)).isTrue();

            var adopted = LegacyAdoption.adoptIfLegacy(ds).orElseThrow();
            int applied = Migrations.apply(ds);

            assertThat(adopted.rows()).isEqualTo(2_000);
            assertThat(adopted.convertedColumns()).contains("id", "provider", "cost_input", "timestamp", "id (identity)");
            assertThat(applied).as("V2 onwards after the baseline").isEqualTo(TestDatabases.MIGRATIONS - 1);
            assertThat(snapshot(dsl, SNAPSHOT_AFTER)).isEqualTo(before);
            assertThat(dsl.fetch("SELECT coalesce(actual_provider_name, '-') FROM api_usage_logs ORDER BY id")
                    .getValues(0, String.class)).isEqualTo(providersBefore);
            Map<String, String> types = dsl.fetch("SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_name = 'api_usage_logs'").intoMap(r -> r.get(0, String.class), r -> r.get(1, String.class));
            assertThat(types).containsEntry("id", "bigint").containsEntry("provider", "character varying")
                    .containsEntry("cost_total", "numeric").containsEntry("tokens_total", "bigint")
                    .containsEntry("timestamp", "timestamp with time zone")
                    .containsEntry("detection_rules_version", "character varying");
            // Exact: the NUMERIC is the shortest decimal of the double, not a 15-digit rounding of it.
            assertThat(value(dsl, "SELECT count(*) FROM api_usage_logs WHERE cost_total = 0.30000000000000004",
                    Long.class)).isEqualTo(2_000);
            // New rows continue the original ids.
            Long next = value(dsl, "INSERT INTO api_usage_logs (user_id, provider, endpoint, method, response_time,"
                    + " status_code, timestamp, billing_period) VALUES ('u', 'video', '/e', 'POST', 1, 200, now(),"
                    + " '2026-11') RETURNING id", Long.class);
            assertThat(next).isEqualTo(2_001L);
            assertThatThrownBy(() -> dsl.execute("INSERT INTO api_usage_logs (user_id, provider, endpoint, method,"
                    + " response_time, status_code, timestamp, billing_period) VALUES ('u', 'nope', '/e', 'POST', 1,"
                    + " 200, now(), '2026-11')")).hasMessageContaining("ck_api_usage_logs_provider");

            assertThat(LegacyAdoption.isLegacy(ds)).isFalse();
            assertThat(LegacyAdoption.adoptIfLegacy(ds)).isEmpty();
            assertThat(Migrations.apply(ds)).isZero();
            assertThat(value(dsl, "SELECT count(*) FROM flyway_schema_history WHERE type = 'BASELINE'",
                    Long.class)).isEqualTo(1);
        }
    }

    @Test
    void givenAPartlyConvertedTable_thenAdoptionConvertsTheRest() {
        var db = LegacyDatabases.create(false, 100);
        try (HikariDataSource ds = open(db)) {
            DSLContext dsl = Jooq.context(ds);
            dsl.execute("ALTER TABLE api_usage_logs ALTER COLUMN cost_total TYPE numeric USING cost_total::text::numeric");

            var adopted = LegacyAdoption.adoptIfLegacy(ds).orElseThrow();
            Migrations.apply(ds);

            assertThat(adopted.convertedColumns()).doesNotContain("cost_total").contains("cost_input");
            assertThat(value(dsl, "SELECT count(*) FROM api_usage_logs", Long.class)).isEqualTo(100);
        }
    }

    @Test
    void givenATableOfAnotherShape_thenAdoptionRefusesNamingTheColumn_andChangesNothing() {
        var db = LegacyDatabases.create(false, 10);
        try (HikariDataSource ds = open(db)) {
            DSLContext dsl = Jooq.context(ds);
            dsl.execute("ALTER TABLE api_usage_logs ALTER COLUMN model_used TYPE VARCHAR(300)");

            assertThatThrownBy(() -> LegacyAdoption.adoptIfLegacy(ds))
                    .isInstanceOf(UnadoptableDatabaseException.class)
                    .hasMessage("cannot adopt api_usage_logs: column model_used is character varying(300), expected"
                            + " character varying(100) as the original system made it");
            assertThat(value(dsl, "SELECT to_regclass('flyway_schema_history') IS NULL", Boolean.class)).isTrue();
            assertThat(value(dsl, "SELECT data_type FROM information_schema.columns WHERE table_name ="
                    + " 'api_usage_logs' AND column_name = 'cost_total'", String.class)).isEqualTo("double precision");
        }
    }

    @Test
    void givenAnEmptyDatabase_thenThereIsNothingToAdopt() {
        try (HikariDataSource ds = open(org.usagelens.persistence.testing.TestDatabases.fresh())) {
            assertThat(LegacyAdoption.adoptIfLegacy(ds)).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void givenAnEnumOfUpperCaseNames_asOlderModelsMadeIt_whenAdopted_thenCategoriesAreLowerCase_andNaiveTimesUtc() throws Exception {
        var db = TestDatabases.fresh();
        try (var c = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); var s = c.createStatement()) {
            // Before 2026-03 the original's model stored the enum's names, and created the type with them as labels.
            s.execute(LegacyDatabases.schemaSql().replace("'gemini', 'openai', 'anthropic', 'mistral', 'wavespeed', 'tavily',"
                    + " 'serper', 'metaphor',\n  'firecrawl', 'stability', 'exa', 'video', 'image_edit', 'audio'",
                    "'GEMINI', 'OPENAI', 'ANTHROPIC', 'MISTRAL', 'TAVILY', 'SERPER', 'METAPHOR', 'FIRECRAWL', 'STABILITY'"));
            s.execute("INSERT INTO api_usage_logs (user_id, provider, endpoint, method, response_time, status_code,"
                    + " timestamp, billing_period) VALUES ('u', 'GEMINI', '/g', 'POST', 1, 200, '2025-10-01 12:00:00', '2025-10'),"
                    + " ('u', 'STABILITY', '/s', 'POST', 1, 200, '2025-10-01 13:00:00', '2025-10')");
        }
        try (HikariDataSource ds = open(db)) {
            var adopted = LegacyAdoption.adoptIfLegacy(ds).orElseThrow();
            assertThat(adopted.timeZoneNote()).contains("UTC");
            Migrations.apply(ds);
            DSLContext dsl = Jooq.context(ds);
            assertThat(dsl.fetch("SELECT provider FROM api_usage_logs ORDER BY id").getValues(0, String.class))
                    .containsExactly("gemini", "stability");
            // the original writer of that era keeps sending the upper-case names
            dsl.execute("INSERT INTO api_usage_logs (user_id, provider, endpoint, method, response_time, status_code,"
                    + " timestamp, billing_period) VALUES ('u', 'OPENAI', '/o', 'POST', 1, 200, '2025-10-02 00:00:00', '2025-10')");
            assertThat(value(dsl, "SELECT provider FROM api_usage_logs WHERE endpoint = '/o'", String.class)).isEqualTo("openai");
            // the database now reads a naive timestamp of a session without a zone of its own as UTC
            assertThat(value(dsl, "SELECT setconfig::text FROM pg_db_role_setting WHERE setrole = 0 AND setdatabase ="
                    + " (SELECT oid FROM pg_database WHERE datname = current_database())", String.class)).contains("TimeZone=UTC");
        }
    }
}
