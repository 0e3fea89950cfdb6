package org.usagelens.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the Flyway migrations of {@code db/migration} on the classpath. */
final class Migrations {
    static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** The one Flyway configuration every caller starts from (the server, the CLI, adoption's baseline). */
    static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true);
    }

    static Flyway flyway(DataSource dataSource) {
        return configure(dataSource).load();
    }

    /** Brings the schema to the newest version; returns how many migrations ran. */
    static int apply(DataSource dataSource) {
        MigrateResult result = flyway(dataSource).migrate();
        return result.migrationsExecuted;
    }
}
