package org.usagelens.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.usagelens.domain.model.RetentionReport;

/**
 * Retention of the detail: removes the rows of {@code api_usage_logs} older than an instant in bounded batches, each
 * its own transaction, while the monthly counters and the day rollups keep their totals and sketches (V8: a delete in a
 * transaction with {@code usagelens.retention = on} counts the calls as retained instead of subtracting them), so
 * analytics of old months still answer and page counts ({@code calls - retained_calls}) match the rows left.
 */
final class Retention {
    private final DataSource dataSource;

    Retention(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** The dry run: what {@link #remove} would remove, changing nothing. */
    RetentionReport plan(Instant before) {
        Objects.requireNonNull(before, "before");
        try (Connection c = dataSource.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT billing_period, count(*) FROM api_usage_logs"
                     + " WHERE timestamp < ? GROUP BY billing_period")) {
            p.setTimestamp(1, Timestamp.from(before));
            SortedMap<String, Long> rows = new TreeMap<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getLong(2));
                }
            }
            return new RetentionReport(before, rows);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the rows to retain failed: " + e.getMessage(), e);
        }
    }

    /**
     * Removes the rows older than {@code before}, {@code batchSize} at a time in id order, each batch in its own
     * transaction (a run stopped at any point and run again ends in the same state); {@code progress} hears the rows
     * removed so far after each batch. Returns what was removed.
     */
    RetentionReport remove(Instant before, int batchSize, LongConsumer progress) {
        Objects.requireNonNull(before, "before");
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("the batch size must be between 1 and 100000: " + batchSize);
        }
        SortedMap<String, Long> removed = new TreeMap<>();
        long total = 0;
        long after = Long.MIN_VALUE;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            try {
                while (true) {
                    c.setAutoCommit(true);
                    Map<String, List<Long>> idsByUser = new LinkedHashMap<>();
                    long last = after;
                    int found = 0;
                    try (PreparedStatement p = c.prepareStatement("SELECT id, user_id FROM api_usage_logs"
                            + " WHERE id > ? AND timestamp < ? ORDER BY id LIMIT ?")) {
                        p.setLong(1, after);
                        p.setTimestamp(2, Timestamp.from(before));
                        p.setInt(3, batchSize);
                        try (ResultSet r = p.executeQuery()) {
                            while (r.next()) {
                                last = r.getLong(1);
                                idsByUser.computeIfAbsent(r.getString(2), u -> new ArrayList<>()).add(last);
                                found++;
                            }
                        }
                    }
                    if (found == 0) {
                        break;
                    }
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        // On Citus the setting must reach the workers, where the shards' triggers read it.
                        s.execute("SET LOCAL citus.propagate_set_commands = 'local'");
                        s.execute("SET LOCAL usagelens.retention = 'on'");
                    }
                    // One statement per user, in user order: each runs on that user's shard group on Citus, and
                    // locks the rollup rows in the writers' order.
                    SortedMap<String, Long> batch = new TreeMap<>();
                    for (Map.Entry<String, List<Long>> user : new TreeMap<>(idsByUser).entrySet()) {
                        try (PreparedStatement d = c.prepareStatement("DELETE FROM api_usage_logs"
                                + " WHERE user_id = ? AND id = ANY (?) AND timestamp < ? RETURNING billing_period")) {
                            Array ids = c.createArrayOf("bigint", user.getValue().toArray());
                            d.setString(1, user.getKey());
                            d.setArray(2, ids);
                            d.setTimestamp(3, Timestamp.from(before));
                            try (ResultSet gone = d.executeQuery()) {
                                while (gone.next()) {
                                    batch.merge(gone.getString(1), 1L, Long::sum);
                                }
                            }
                        }
                    }
                    c.commit();
                    batch.forEach((period, n) -> removed.merge(period, n, Long::sum));
                    total += batch.values().stream().mapToLong(Long::longValue).sum();
                    after = last;
                    progress.accept(total);
                }
            } catch (SQLException | RuntimeException e) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("removing the retained rows failed: " + e.getMessage(), e);
        }
        return new RetentionReport(before, removed);
    }
}
