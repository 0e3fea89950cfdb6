package org.usagelens.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Builds the connection pool every adapter shares, with timeouts that fail fast when PostgreSQL is away. */
public final class DataSources {

    private DataSources() {
    }

    /**
     * @param maxPoolSize    connections in the pool
     * @param acquireTimeout how long a request waits for a free connection before failing
     */
    public static HikariDataSource pooled(DatabaseUrl url, String poolName, int maxPoolSize, Duration acquireTimeout) {
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
        config.addDataSourceProperty("connectTimeout", "3");
        config.addDataSourceProperty("socketTimeout", "60");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", poolName);
        // A month of a heavy user's analytics sorts ~80,000 rows (about 6 MB): in memory, not on disk.
        config.addDataSourceProperty("options", "-c work_mem=32MB");
        return new HikariDataSource(config);
    }
}
