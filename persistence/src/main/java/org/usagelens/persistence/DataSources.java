package org.usagelens.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Builds the connection pool every adapter shares, with timeouts that fail fast when PostgreSQL is away. */
public final class DataSources {
    private static final long SOCKET_TIMEOUT_SECONDS = 60;

    private DataSources() {
    }

    /**
     * A pool without server-side statement limits (PostgreSQL's defaults), e.g. for migrations that may
     * rebuild an index on a large table.
     *
     * @param maxPoolSize    connections in the pool
     * @param acquireTimeout how long a request waits for a free connection before failing
     */
    public static HikariDataSource pooled(DatabaseUrl url, String poolName, int maxPoolSize, Duration acquireTimeout) {
        return pooled(url, poolName, maxPoolSize, acquireTimeout, Duration.ZERO, Duration.ZERO);
    }

    /**
     * As {@link #pooled(DatabaseUrl, String, int, Duration)}, with PostgreSQL's {@code statement_timeout} and
     * {@code lock_timeout} set on every connection, so a statement stuck behind a lock or running away is
     * cancelled and rolled back by the server (SQLSTATE 55P03 or 57014) instead of holding its pooled
     * connection and its caller until the socket times out, and committing after the caller gave up.
     *
     * @param statementTimeout longest a statement may run; {@link Duration#ZERO}: no limit
     * @param lockTimeout      longest a statement may wait for a lock; {@link Duration#ZERO}: no limit
     */
    public static HikariDataSource pooled(DatabaseUrl url, String poolName, int maxPoolSize, Duration acquireTimeout,
                                          Duration statementTimeout, Duration lockTimeout) {
        if (statementTimeout.isNegative() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("statement and lock timeouts must not be negative");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(acquireTimeout.toMillis());
        config.setValidationTimeout(Math.min(1000, acquireTimeout.toMillis()));
        // Start even when the database is down; /health reports it and requests get 503 until it returns.
        config.setInitializationFailTimeout(-1);
        if (!statementTimeout.isZero() || !lockTimeout.isZero()) {
            config.setConnectionInitSql("SET statement_timeout = " + statementTimeout.toMillis()
                    + "; SET lock_timeout = " + lockTimeout.toMillis());
        }
        // The client-side last resort stays longer than the server-side limit, so the server cancels first.
        long socketTimeout = Math.max(SOCKET_TIMEOUT_SECONDS, statementTimeout.toSeconds() + 30);
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", String.valueOf(socketTimeout));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", poolName);
        // A month of a heavy user's analytics sorts ~80,000 rows (about 6 MB): in memory, not on disk.
        config.addDataSourceProperty("options", "-c work_mem=32MB");
        return new HikariDataSource(config);
    }
}
