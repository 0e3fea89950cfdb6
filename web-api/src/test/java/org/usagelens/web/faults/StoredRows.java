package org.usagelens.web.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.usagelens.persistence.DatabaseUrl;

/** Reads what PostgreSQL really holds, over its own JDBC connection, to reconcile it with what clients were told. */
final class StoredRows {
    private final DatabaseUrl db;

    StoredRows(DatabaseUrl db) {
        this.db = db;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    /** Rows per batch (the id's part before {@code ':'}) of one user. */
    Map<String, Long> rowsPerBatch(String user) {
        return query("SELECT split_part(idempotency_key, ':', 1), count(*) FROM api_usage_logs WHERE user_id = ? GROUP BY 1",
                user);
    }

    /** Idempotency keys of one user stored more than once (the unique index should make this impossible). */
    Map<String, Long> keysStoredMoreThanOnce(String user) {
        return query("SELECT idempotency_key, count(*) FROM api_usage_logs WHERE user_id = ? GROUP BY 1 HAVING count(*) > 1",
                user);
    }

    /** How many of {@code keys} of one user are stored, each counted once per row. */
    long rowsWithKeys(String user, List<String> keys) {
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM api_usage_logs WHERE user_id = ? AND idempotency_key = ANY (?)")) {
            s.setString(1, user);
            s.setArray(2, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long rows(String user) {
        return rowsPerBatch(user).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until no backend of {@code applicationName} is still running a statement, e.g. the INSERT of a
     * client that was killed: PostgreSQL finishes (and commits) what it already received.
     */
    void awaitNoActiveStatements(String applicationName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Long> active = query("SELECT application_name, count(*) FROM pg_stat_activity "
                    + "WHERE application_name = ? AND state <> 'idle' GROUP BY 1", applicationName);
            if (active.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("backends of " + applicationName + " still busy after " + timeout + ": " + active);
            }
            Thread.sleep(100);
        }
    }

    private Map<String, Long> query(String sql, String parameter) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            Map<String, Long> result = new HashMap<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), rs.getLong(2));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> keys(String batchId, int size) {
        List<String> keys = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            keys.add(batchId + ":" + i);
        }
        return keys;
    }
}
