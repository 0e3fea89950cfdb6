package org.usagelens.persistence;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the Flyway migrations of {@code db/migration} on the classpath. */
public final class Migrations {
    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /** The one Flyway configuration every caller starts from (the server, the CLI, adoption's baseline). */
    public static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .validateMigrationNaming(true)
                .failOnMissingLocations(true);
    }

    public static Flyway flyway(DataSource dataSource) {
        return configure(dataSource).load();
    }

    /** Brings the schema to the newest version; returns how many migrations ran. */
    public static int apply(DataSource dataSource) {
        MigrateResult result = flyway(dataSource).migrate();
        return result.migrationsExecuted;
    }
}
