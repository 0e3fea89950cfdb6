package org.usagelens.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.usagelens.persistence.testing.TestDatabases;

/**
 * A fresh database with every migration applied, a pool on it and a jOOQ context, for one test class: created before
 * its {@code @BeforeAll} methods, the pool closed after it.
 * <pre>{@code
 * @RegisterExtension
 * static final MigratedDatabase db = MigratedDatabase.pooled("counters-test", 8, Duration.ofSeconds(10));
 * }</pre>
 */
final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {
    private final String poolName;
    private final int maxPoolSize;
    private final Duration acquireTimeout;
    private HikariDataSource dataSource;
    private DSLContext dsl;

    private MigratedDatabase(String poolName, int maxPoolSize, Duration acquireTimeout) {
        this.poolName = poolName;
        this.maxPoolSize = maxPoolSize;
        this.acquireTimeout = acquireTimeout;
    }

    static MigratedDatabase pooled(String poolName, int maxPoolSize, Duration acquireTimeout) {
        return new MigratedDatabase(poolName, maxPoolSize, acquireTimeout);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        dataSource = DataSources.pooled(TestDatabases.fresh(), poolName, maxPoolSize, acquireTimeout);
        Migrations.apply(dataSource);
        dsl = Jooq.context(dataSource);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dataSource != null) {
            dataSource.close();
            dataSource = null;
            dsl = null;
        }
    }

    HikariDataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("the database is not set up: register it with @RegisterExtension");
        }
        return dataSource;
    }

    DSLContext dsl() {
        dataSource();
        return dsl;
    }
}
