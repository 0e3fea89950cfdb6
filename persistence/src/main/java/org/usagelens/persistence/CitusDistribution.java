package org.usagelens.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.usagelens.domain.model.DistributionReport;

/**
 * Distributes the schema on Citus: the logs and their rollups by {@code user_id}, co-located, so that every statement
 * of one user and every trigger run on one shard group; the small global tables as reference tables. On a database
 * without the {@code citus} extension it does nothing.
 */
final class CitusDistribution {
    /** The tables distributed by {@code user_id}, co-located with the first; every unique key of these leads with it. */
    static final List<String> DISTRIBUTED = List.of("api_usage_logs", "api_usage_log_counts",
            "api_usage_log_days", "api_usage_log_latency_pending");
    /** Small global tables, copied to every node. */
    static final List<String> REFERENCE = List.of("api_usage_log_epoch", "api_usage_reprice_runs",
            "api_usage_reprice_changes");

    /**
     * Connections to each worker a coordinator session keeps open between statements. Citus's default (1) makes a
     * batch spanning many shards open connections for its parallel tasks and close them again at every commit:
     * measured on the local cluster, multi-user batches ran at 24% of one plain node with it and 60% with 8.
     */
    static final int CACHED_CONNECTIONS_PER_WORKER = 8;

    private CitusDistribution() {
    }

    /**
     * On a Citus coordinator, distributes whatever is not yet distributed, in one transaction (a failure leaves the
     * tables as they were); run again, it changes nothing. {@code shardCount} null means Citus's
     * {@code citus.shard_count}. Empty when the database has no citus extension.
     */
    static Optional<DistributionReport> distributeIfCitus(DataSource dataSource, Integer shardCount) {
        if (shardCount != null && (shardCount < 1 || shardCount > 64_000)) {
            throw new IllegalArgumentException("the shard count must be between 1 and 64000: " + shardCount);
        }
        try (Connection c = dataSource.getConnection()) {
            String version = citusVersion(c);
            if (version == null) {
                return Optional.empty();
            }
            List<String> distributed = new ArrayList<>();
            List<String> reference = new ArrayList<>();
            List<String> plainBefore = new ArrayList<>();
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // Citus refuses to distribute a table with triggers unless told that they are safe: ours write only
                // into the co-located shards of the rollups (V8).
                s.execute("SET LOCAL citus.enable_unsafe_triggers = on");
                s.execute("SET LOCAL citus.multi_shard_modify_mode = 'sequential'");
                String logs = DISTRIBUTED.get(0);
                boolean logsPending = !isDistributed(c, logs);
                if (logsPending) {
                    // The rows copied into the shards are counted already; their triggers must not count them again.
                    s.execute("ALTER TABLE " + logs + " DISABLE TRIGGER USER");
                }
                for (String table : DISTRIBUTED) {
                    if (isDistributed(c, table)) {
                        continue;
                    }
                    try (PreparedStatement p = c.prepareStatement(table.equals(logs)
                            ? (shardCount == null ? "SELECT create_distributed_table(?, 'user_id')"
                                    : "SELECT create_distributed_table(?, 'user_id', shard_count => " + shardCount + ")")
                            : "SELECT create_distributed_table(?, 'user_id', colocate_with => '" + logs + "')")) {
                        p.setString(1, table);
                        p.execute();
                    }
                    distributed.add(table);
                }
                if (logsPending) {
                    s.execute("ALTER TABLE " + logs + " ENABLE TRIGGER USER");
                }
                for (String table : REFERENCE) {
                    // A table with a foreign key to a reference table (the re-pricing changes) becomes a Citus local
                    // table when the one it refers to is made a reference table: it still has to be made one too.
                    if (isReference(c, table)) {
                        continue;
                    }
                    if (!exists(c, "SELECT 1 FROM pg_dist_partition WHERE logicalrelid = ?::regclass", table)) {
                        plainBefore.add(table);
                    }
                    try (PreparedStatement p = c.prepareStatement("SELECT create_reference_table(?)")) {
                        p.setString(1, table);
                        p.execute();
                    }
                    reference.add(table);
                }
                // The coordinator's copies of what is now in the shards: no longer visible, still on disk.
                for (String table : distributed) {
                    truncateLocal(c, table);
                }
                for (String table : plainBefore) {
                    truncateLocal(c, table);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
            List<String> settings = new ArrayList<>();
            if (!databaseSets(c, "citus.max_cached_conns_per_worker")) {
                // A database setting, so every new session of the server has it; an operator's own value is kept.
                String setting = "citus.max_cached_conns_per_worker = " + CACHED_CONNECTIONS_PER_WORKER;
                try (Statement s = c.createStatement()) {
                    s.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET " + setting
                            + "', current_database()); END $$");
                }
                settings.add(setting);
            }
            return Optional.of(new DistributionReport(version, distributed.isEmpty() && reference.isEmpty() && settings.isEmpty(),
                    shards(c, DISTRIBUTED.get(0)), distributed, reference, settings));
        } catch (SQLException e) {
            throw new IllegalStateException("distributing the tables on Citus failed: " + e.getMessage(), e);
        }
    }

    private static String citusVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'citus'")) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private static boolean isDistributed(Connection c, String table) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_dist_partition WHERE logicalrelid = ?::regclass AND partmethod = 'h'", table);
    }

    private static boolean isReference(Connection c, String table) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_dist_partition WHERE logicalrelid = ?::regclass AND repmodel = 't'", table);
    }

    private static boolean exists(Connection c, String sql, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    private static boolean databaseSets(Connection c, String name) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM pg_db_role_setting s, unnest(s.setconfig) AS v"
                + " WHERE s.setrole = 0 AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND v LIKE ? || '=%'")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    private static int shards(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM pg_dist_shard WHERE logicalrelid = ?::regclass")) {
            p.setString(1, table);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static void truncateLocal(Connection c, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT truncate_local_data_after_distributing_table(?::regclass)")) {
            p.setString(1, table);
            p.execute();
        }
    }
}
