package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.AdoptionReport;
import org.usagelens.domain.port.out.SchemaOperations;
import org.usagelens.persistence.DataSources;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.PostgresStore;
import org.usagelens.persistence.testing.LegacyDatabases;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * After {@code migrate}, the original system's own writer keeps writing: its INSERTs, in every shape its SQLAlchemy
 * model and its raw-SQL tracker issue them (enum value or old upper-case name as untyped text, naive UTC
 * timestamps, no detection, batched rows cast to {@code ::apiprovider}), still succeed, and the server attributes
 * such rows in storage in the background, with the backfill's rules, without a manual backfill.
 */
class OriginalWriterTest {
    private static final String USER = "user_2abcDEFghiJKLmnoPQRstuVWxyz";

    /** The statements as PostgreSQL received them from the original system (psycopg2 interpolates the values). */
    private static final List<String> ORIGINAL_INSERTS = List.of(
            // The ORM writer of the current model: every column, the enum's value, its own guess of the provider.
            "INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, actual_provider_name,"
                    + " tokens_input, tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time,"
                    + " status_code, request_size, response_size, user_agent, ip_address, error_message, retry_count,"
                    + " timestamp, billing_period) VALUES ('" + USER + "', 'gemini', '/api/blog/generate', 'POST',"
                    + " 'gemini-2.5-flash', 'google', 1200, 800, 2000, 0.00036, 0.002, 0.00236, 2.137, 200, 512, 4096,"
                    + " 'Mozilla/5.0', '127.0.0.1', NULL, 0, '2026-11-18T09:31:08.542613'::timestamp, '2026-11')"
                    + " RETURNING api_usage_logs.id",
            // The ORM writer of a model before 2026-03: no actual_provider_name, the enum's upper-case name.
            "INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, tokens_input, tokens_output,"
                    + " tokens_total, cost_input, cost_output, cost_total, response_time, status_code, request_size,"
                    + " response_size, user_agent, ip_address, error_message, retry_count, timestamp, billing_period)"
                    + " VALUES ('" + USER + "', 'IMAGE_EDIT', '/image-edit/wavespeed', 'POST', 'qwen-image-edit', 0, 0,"
                    + " 0, 0.0, 0.03, 0.03, 8.0, 200, NULL, NULL, NULL, NULL, NULL, 0,"
                    + " '2026-11-18T09:31:42.659767'::timestamp, '2026-11') RETURNING api_usage_logs.id",
            // The raw-SQL text-generation tracker: 16 columns, 'gemini' as its provider guess, sizes and retries NULL.
            "INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, tokens_input, tokens_output,"
                    + " tokens_total, cost_input, cost_output, cost_total, response_time, status_code, billing_period,"
                    + " timestamp, actual_provider_name) VALUES ('" + USER + "', 'gemini', 'agent_action', 'GENERATE',"
                    + " 'gemini-2.5-flash', 130, 260, 390, 3.9e-05, 0.00065, 0.000689, 0.5, 200, '2026-11',"
                    + " '2026-11-18T09:32:08.546887'::timestamp, 'gemini')",
            // Several rows in one flush: SQLAlchemy's insertmanyvalues casts every value to its column's type.
            "INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, actual_provider_name,"
                    + " tokens_input, tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time,"
                    + " status_code, request_size, response_size, user_agent, ip_address, error_message, retry_count,"
                    + " timestamp, billing_period) SELECT p0::VARCHAR, p1::apiprovider, p2::VARCHAR, p3::VARCHAR,"
                    + " p4::VARCHAR, p5::VARCHAR, p6::INTEGER, p7::INTEGER, p8::INTEGER, p9::FLOAT, p10::FLOAT,"
                    + " p11::FLOAT, p12::FLOAT, p13::INTEGER, p14::INTEGER, p15::INTEGER, p16::VARCHAR, p17::VARCHAR,"
                    + " p18::TEXT, p19::INTEGER, p20::TIMESTAMP WITHOUT TIME ZONE, p21::VARCHAR FROM (VALUES"
                    + " ('" + USER + "', 'mistral', '/api/llm/chat', 'POST', 'openai/gpt-oss-120b:groq', NULL, 10, 20,"
                    + " 30, 0.0001, 0.0002, 0.00030000000000000003, 1.2, 200, NULL, NULL, NULL, NULL, NULL, 0,"
                    + " '2026-11-18T09:33:00', '2026-11', 0),"
                    + " ('" + USER + "', 'video', '/video-generation/wavespeed', 'POST', 'alibaba/wan-2.5/text-to-video',"
                    + " NULL, 0, 0, 0, 0.0, 0.5, 0.5, 41.2, 200, NULL, NULL, NULL, NULL, NULL, 0,"
                    + " '2026-11-18T09:34:00', '2026-11', 1))"
                    + " AS imp_sen(p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16, p17, p18,"
                    + " p19, p20, p21, sen_counter) ORDER BY sen_counter RETURNING api_usage_logs.id, api_usage_logs.id AS id__1");

    @Test
    void afterMigrate_theOriginalsInsertsSucceed_andTheServerAttributesTheirRowsByItself() throws Exception {
        DatabaseUrl db = LegacyDatabases.create(true, 20);
        try (HikariDataSource ds = DataSources.pooled(db, "adopt", 2, Duration.ofSeconds(10))) {
            // What `usagelens-migrate migrate --no-backfill` does: adopt, then migrate.
            SchemaOperations schema = PostgresStore.schema(ds);
            AdoptionReport adopted = schema.adoptIfLegacy().orElseThrow();
            assertThat(adopted.timeZoneNote()).contains("now UTC");
            schema.migrate();
        }
        long before = count(db, "SELECT count(*) FROM api_usage_logs");
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            // A session as the original's driver opens it: no time zone of its own, so the database's default.
            s.execute("RESET TIME ZONE");
            for (String insert : ORIGINAL_INSERTS) {
                s.execute(insert);
            }
        }
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs")).isEqualTo(before + 5);
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs WHERE user_id = '" + USER + "' AND provider = 'image_edit'"))
                .as("the old upper-case category, normalised").isEqualTo(1);
        assertThat(text(db, "SELECT to_char(timestamp AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM api_usage_logs"
                + " WHERE model_used = 'qwen-image-edit'")).as("a naive timestamp read as UTC").isEqualTo("2026-11-18 09:31:42");

        try (TestServer server = TestServer.start(TestServer.settings(db).withAttributionInterval(Duration.ofSeconds(1)), db)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (count(db, "SELECT count(*) FROM api_usage_logs WHERE detection_source IS NULL") > 0) {
                assertThat(System.nanoTime() - deadline).as("every row attributed within a minute").isNegative();
                Thread.sleep(200);
            }
            List<String> providers = new ArrayList<>();
            try (Connection c = connect(db); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT model_used, actual_provider_name, detection_source FROM api_usage_logs"
                         + " WHERE user_id = '" + USER + "' ORDER BY id")) {
                while (rs.next()) {
                    providers.add(rs.getString(1) + " -> " + rs.getString(2) + " (" + rs.getString(3) + ")");
                }
            }
            assertThat(providers).containsExactly(
                    "gemini-2.5-flash -> google (CATEGORY)",
                    "qwen-image-edit -> wavespeed (ENDPOINT)",
                    "gemini-2.5-flash -> google (CATEGORY)",
                    "openai/gpt-oss-120b:groq -> huggingface (CATEGORY)",
                    "alibaba/wan-2.5/text-to-video -> wavespeed (ENDPOINT)");
            // and the API shows them as stored, not detected on read
            JsonNode logs = server.json(server.get("/api/subscription/usage-logs", TestTokens.forUser(USER))).get("logs");
            assertThat(logs).hasSize(5).allSatisfy(l -> assertThat(l.get("detection").get("computed_on_read").asBoolean()).isFalse());
        }
    }

    private static Connection connect(DatabaseUrl db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static long count(DatabaseUrl db, String sql) throws SQLException {
        return Long.parseLong(text(db, sql));
    }

    private static String text(DatabaseUrl db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
