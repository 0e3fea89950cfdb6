package org.usagelens.persistence;

import javax.sql.DataSource;

/**
 * For tests and benchmarks that load data into an older schema and let the server migrate it from there (the load
 * harness's {@code ReadBenchmark}): Flyway up to a version. Production code migrates to the newest version only,
 * through {@link PostgresStore#schema}. In the test-jar, in this package, for the package-private {@link Migrations}.
 */
public final class TestMigrations {
    private TestMigrations() {
    }

    /** Applies the migrations up to and including {@code version}; returns how many ran. */
    public static int migrateTo(DataSource dataSource, String version) {
        return Migrations.configure(dataSource).target(version).load().migrate().migrationsExecuted;
    }
}
