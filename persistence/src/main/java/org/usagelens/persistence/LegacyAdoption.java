package org.usagelens.persistence;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.usagelens.domain.model.AdoptionReport;
import org.usagelens.domain.model.UnadoptableDatabaseException;

/**
 * Adopts a database of the original system: an {@code api_usage_logs} table of its shape (with or without
 * {@code actual_provider_name}) and no Flyway history. Converts, in place and in one transaction, the columns whose
 * types differ from {@code V1__api_usage_logs.sql} (SERIAL to a BIGINT identity, the {@code apiprovider} enum to
 * VARCHAR with a CHECK, INTEGER counters to BIGINT, FLOAT costs to NUMERIC holding exactly the value stored,
 * TIMESTAMP read as UTC to TIMESTAMPTZ), then records version 1 as the Flyway baseline. Nothing else changes: no row,
 * no other column, no index is dropped. Run on a half-adopted table it converts only what is left, so a rerun after a
 * kill finishes the job.
 */
final class LegacyAdoption {

    /** A column of the original table: the type it had there and the type UsageLens gives it. */
    private record Column(String legacyType, String ourType, String using) {
        boolean isOurs(String type) {
            return type.equals(ourType);
        }
    }

    private static final Map<String, Column> COLUMNS = new LinkedHashMap<>();

    static {
        col("id", "integer", "bigint", null);
        col("user_id", "character varying(100)", null, null);
        // Models of the original before 2026-03 made the enum's labels its names ('GEMINI', 'IMAGE_EDIT'): lower-cased.
        // The type itself stays: the original's batched inserts cast to ::apiprovider while it still writes.
        col("provider", "apiprovider", "character varying(20)", "lower(provider::text)");
        col("endpoint", "character varying(200)", null, null);
        col("method", "character varying(10)", null, null);
        col("model_used", "character varying(100)", null, null);
        col("tokens_input", "integer", "bigint", null);
        col("tokens_output", "integer", "bigint", null);
        col("tokens_total", "integer", "bigint", null);
        // float8 -> text is the shortest decimal that reads back as the same double (PostgreSQL 12+, and 17
        // digits before), so the NUMERIC holds exactly the value the column held; a direct ::numeric cast would
        // round to 15 significant digits.
        col("cost_input", "double precision", "numeric", "cost_input::text::numeric");
        col("cost_output", "double precision", "numeric", "cost_output::text::numeric");
        col("cost_total", "double precision", "numeric", "cost_total::text::numeric");
        col("response_time", "double precision", null, null);
        col("status_code", "integer", null, null);
        col("request_size", "integer", "bigint", null);
        col("response_size", "integer", "bigint", null);
        col("user_agent", "character varying(500)", null, null);
        col("ip_address", "character varying(45)", null, null);
        col("error_message", "text", null, null);
        col("retry_count", "integer", null, null);
        col("timestamp", "timestamp without time zone", "timestamp with time zone", "\"timestamp\" AT TIME ZONE 'UTC'");
        col("billing_period", "character varying(20)", null, null);
    }

    /** May be there (the original add-column script ran); V2 adds it when it is not. */
    private static final String OPTIONAL_COLUMN = "actual_provider_name";
    private static final String OPTIONAL_TYPE = "character varying(50)";
    /** Columns V2 adds: a table that has one of them but no migration history is not the original's. */
    private static final Set<String> OURS_ONLY = Set.of("detection_source", "detection_rule", "detection_rules_version",
            "idempotency_key");

    private static final String CATEGORY_CHECK = "CHECK (provider IN ('gemini', 'openai', 'anthropic', 'mistral',"
            + " 'wavespeed', 'tavily', 'serper', 'metaphor', 'firecrawl', 'stability', 'exa', 'video', 'image_edit',"
            + " 'audio'))";

    private static void col(String name, String legacyType, String ourType, String using) {
        COLUMNS.put(name, new Column(legacyType, ourType == null ? legacyType : ourType, using));
    }

    private LegacyAdoption() {
    }

    /** Whether the database holds the original system's table and no migration history. */
    static boolean isLegacy(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return isLegacy(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the database: " + e.getMessage(), e);
        }
    }

    private static boolean isLegacy(Connection c) throws SQLException {
        return tableExists(c, "api_usage_logs") && !tableExists(c, "flyway_schema_history");
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Adopts the database when it is the original system's; does nothing (empty) otherwise.
     *
     * @throws UnadoptableDatabaseException when the table's shape is not the original's
     */
    static Optional<AdoptionReport> adoptIfLegacy(DataSource dataSource) {
        AdoptionReport adopted;
        try (Connection c = dataSource.getConnection()) {
            if (!isLegacy(c)) {
                return Optional.empty();
            }
            adopted = convert(c);
        } catch (SQLException e) {
            throw new IllegalStateException("adoption failed: " + e.getMessage(), e);
        }
        Migrations.configure(dataSource)
                .baselineVersion("1")
                .baselineDescription("adopted the original api_usage_logs")
                .load()
                .baseline();
        return Optional.of(new AdoptionReport(adopted.rows(), adopted.convertedColumns(), adopted.keptExtraColumns(),
                adopted.lockHeld(), utcByDefault(dataSource)));
    }

    /**
     * The original writer sends naive UTC timestamps ({@code '2026-12-01T09:31:08'::timestamp}); into a TIMESTAMPTZ
     * column PostgreSQL reads them in the session's time zone. So the database's default time zone becomes UTC, which
     * every new session of that writer inherits (it sets none itself). Needs the database's owner; without that right,
     * the note says what to run.
     */
    static String utcByDefault(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            String database;
            try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                database = rs.getString(1);
            }
            String quoted = "\"" + database.replace("\"", "\"\"") + "\"";
            try {
                s.execute("ALTER DATABASE " + quoted + " SET timezone TO 'UTC'");
                return "the database's default time zone is now UTC (the original writer's naive timestamps are UTC)";
            } catch (SQLException e) {
                return "could not make UTC the database's default time zone (" + e.getSQLState() + "); so that the"
                        + " original writer's naive UTC timestamps are read as UTC, run as its owner: ALTER DATABASE "
                        + quoted + " SET timezone TO 'UTC'";
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the database's time zone: " + e.getMessage(), e);
        }
    }

    private static AdoptionReport convert(Connection c) throws SQLException {
        Map<String, String> actual = columnTypes(c);
        List<String> alters = new ArrayList<>();
        List<String> converted = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, Column> e : COLUMNS.entrySet()) {
            String name = e.getKey();
            Column col = e.getValue();
            String type = actual.get(name);
            if (type == null) {
                throw new UnadoptableDatabaseException("cannot adopt api_usage_logs: column " + name
                        + " is missing (the original table has it as " + col.legacyType() + ")");
            }
            if (col.isOurs(type)) {
                continue;
            }
            if (!type.equals(col.legacyType())) {
                throw new UnadoptableDatabaseException("cannot adopt api_usage_logs: column " + name + " is " + type
                        + ", expected " + col.legacyType() + " as the original system made it");
            }
            String quoted = "\"" + name + "\"";
            alters.add("ALTER COLUMN " + quoted + " TYPE " + col.ourType()
                    + (col.using() == null ? "" : " USING " + col.using()));
            converted.add(name);
        }
        for (Map.Entry<String, String> e : actual.entrySet()) {
            String name = e.getKey();
            if (COLUMNS.containsKey(name)) {
                continue;
            }
            if (name.equals(OPTIONAL_COLUMN)) {
                if (!e.getValue().equals(OPTIONAL_TYPE)) {
                    throw new UnadoptableDatabaseException("cannot adopt api_usage_logs: column " + name + " is "
                            + e.getValue() + ", expected " + OPTIONAL_TYPE);
                }
            } else if (OURS_ONLY.contains(name)) {
                throw new UnadoptableDatabaseException("cannot adopt api_usage_logs: it has UsageLens's column " + name
                        + " but no migration history (flyway_schema_history); restore that table first");
            } else {
                extra.add(name);
            }
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        long start = System.nanoTime();
        long rows;
        try (Statement s = c.createStatement()) {
            // Wait at most 10 s for the table: a queued exclusive lock would block every reader meanwhile.
            s.execute("SET LOCAL lock_timeout = '10s'");
            s.execute("SET LOCAL extra_float_digits = 3");
            s.execute("LOCK TABLE api_usage_logs IN ACCESS EXCLUSIVE MODE");
            if (!alters.isEmpty()) {
                // One ALTER TABLE: the table is rewritten once, whatever the number of columns.
                s.execute("ALTER TABLE api_usage_logs " + String.join(", ", alters));
            }
            if (!isIdentity(c)) {
                toIdentity(c, s);
                converted.add("id (identity)");
            }
            if (!hasConstraint(c, "ck_api_usage_logs_provider")) {
                s.execute("ALTER TABLE api_usage_logs ADD CONSTRAINT ck_api_usage_logs_provider " + CATEGORY_CHECK);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM api_usage_logs")) {
                rs.next();
                rows = rs.getLong(1);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return new AdoptionReport(rows, converted, extra, Duration.ofNanos(System.nanoTime() - start), null);
    }

    /** Column name to its type as {@code format_type} prints it ({@code character varying(100)}, ...). */
    private static Map<String, String> columnTypes(Connection c) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (var ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
                + " WHERE a.attrelid = to_regclass('api_usage_logs') AND a.attnum > 0 AND NOT a.attisdropped"
                + " ORDER BY a.attnum");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                types.put(rs.getString(1), rs.getString(2));
            }
        }
        return types;
    }

    private static boolean isIdentity(Connection c) throws SQLException {
        try (var ps = c.prepareStatement("SELECT attidentity <> '' FROM pg_attribute"
                + " WHERE attrelid = to_regclass('api_usage_logs') AND attname = 'id'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static boolean hasConstraint(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM pg_constraint"
                + " WHERE conrelid = to_regclass('api_usage_logs') AND conname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** SERIAL to identity: the identity continues where the serial's sequence (or the highest id) left off. */
    private static void toIdentity(Connection c, Statement s) throws SQLException {
        long next = 1;
        try (ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM api_usage_logs")) {
            rs.next();
            next = rs.getLong(1);
        }
        String sequence = null;
        try (ResultSet rs = s.executeQuery("SELECT pg_get_serial_sequence('api_usage_logs', 'id')")) {
            if (rs.next()) {
                sequence = rs.getString(1);
            }
        }
        if (sequence != null) {
            try (ResultSet rs = s.executeQuery("SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM "
                    + sequence)) {
                rs.next();
                next = Math.max(next, rs.getLong(1));
            }
        }
        s.execute("ALTER TABLE api_usage_logs ALTER COLUMN id DROP DEFAULT");
        if (sequence != null) {
            s.execute("DROP SEQUENCE " + sequence);
        }
        s.execute("ALTER TABLE api_usage_logs ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH "
                + next + ")");
    }
}
