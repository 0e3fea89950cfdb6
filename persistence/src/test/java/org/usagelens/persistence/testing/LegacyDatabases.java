package org.usagelens.persistence.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.usagelens.persistence.DatabaseUrl;

/**
 * Databases of the original system for adoption and backfill tests: {@code api_usage_logs} exactly as its
 * SQLAlchemy model creates it ({@code legacy-seed-schema.sql}), with or without the {@code actual_provider_name}
 * column its add-column script adds, filled with realistic rows (the requirements' calls, awkward float costs,
 * timestamps without time zone) and no migration history.
 */
public final class LegacyDatabases {

    /** The call signatures of the generated rows: (category, model, endpoint), cycled through by row number. */
    static final String SIGNATURES = """
            ('video', 'alibaba/wan-2.5/text-to-video', '/video-generation/wavespeed'),
            ('stability', 'qwen-image', '/image-generation/wavespeed'),
            ('audio', 'minimax/speech-02-hd', '/audio-generation/wavespeed'),
            ('gemini', 'gemini-2.5-flash', '/api/gemini/generate'),
            ('mistral', 'openai/gpt-oss-120b:groq', '/api/llm/chat'),
            ('openai', 'gpt-4o-mini', '/v1/chat/completions'),
            ('anthropic', 'claude-3-5-sonnet-20241022', '/v1/messages'),
            ('stability', 'stable-diffusion-xl-1024-v1-0', '/image-generation/stability'),
            ('video', 'tencent/HunyuanVideo', '/video-generation/huggingface'),
            ('image_edit', 'black-forest-labs/flux-kontext-dev', '/image-edit'),
            ('tavily', NULL, '/search'),
            ('audio', 'tts-1', '/audio/speech'),
            ('video', 'google/veo3', '/video-generation'),
            ('gemini', 'gemini-2.5-pro', '/api/gemini/generate')
            """;

    private LegacyDatabases() {
    }

    /** The original schema's SQL, as shipped with the tests. */
    public static String schemaSql() {
        try (InputStream in = LegacyDatabases.class.getResourceAsStream("legacy-seed-schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fresh database holding the original table with {@code rows} rows; with {@code providerColumn}, the column the
     * original script added, filled (as that script and the original services would) for every third row.
     */
    public static DatabaseUrl create(boolean providerColumn, long rows) {
        DatabaseUrl db = TestDatabases.fresh();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute(schemaSql());
            if (providerColumn) {
                s.execute("ALTER TABLE api_usage_logs ADD COLUMN actual_provider_name VARCHAR(50) NULL");
            }
            s.execute(insertSql(rows, providerColumn));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the legacy database: " + e.getMessage(), e);
        }
        return db;
    }

    /** Rows 1..n of the original shape; usable on its own by the benchmark (psql). */
    public static String insertSql(long rows, boolean providerColumn) {
        return "WITH sig(category, model, endpoint) AS (VALUES " + SIGNATURES + "),"
                + " numbered AS (SELECT row_number() OVER () - 1 AS k, * FROM sig)"
                + " INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, tokens_input,"
                + " tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time, status_code,"
                + " request_size, response_size, user_agent, ip_address, error_message, retry_count, timestamp,"
                + " billing_period" + (providerColumn ? ", actual_provider_name" : "") + ")"
                + " SELECT 'user-' || (g % 50), s.category::apiprovider, s.endpoint, 'POST', s.model,"
                + " g % 1000, g % 3000, g % 1000 + g % 3000,"
                + " CASE g % 4 WHEN 0 THEN 0.1 WHEN 1 THEN 0.30000000000000004 WHEN 2 THEN 1e-10 ELSE g * 0.001 END,"
                + " (g % 97) * 0.0123456789012345, 0.1::float8 + 0.2::float8,"
                + " 0.5 + (g % 1000) / 1000.0, CASE WHEN g % 20 = 0 THEN 500 ELSE 200 END,"
                + " 512, 2048, 'python-httpx/0.27', '10.0.' || (g % 255) || '.' || (g % 7),"
                + " CASE WHEN g % 20 = 0 THEN 'upstream error' END, g % 3,"
                + " timestamp '2025-01-01 00:00:00' + g * interval '37 seconds',"
                + " to_char(timestamp '2025-01-01 00:00:00' + g * interval '37 seconds', 'YYYY-MM')"
                + (providerColumn ? ", CASE WHEN g % 3 = 0 THEN CASE s.category WHEN 'gemini' THEN 'google'"
                        + " WHEN 'mistral' THEN 'huggingface' ELSE 'wavespeed' END END" : "")
                + " FROM generate_series(1, " + rows + ") AS g"
                + " JOIN numbered s ON s.k = g % (SELECT count(*) FROM sig)";
    }
}
