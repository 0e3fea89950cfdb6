package org.usagelens.migration.archfixture;

/** Fixture: a CLI class other than the migrate command, outside the wiring package, using persistence. */
public class CommandUsesPersistence {
    int migrate(javax.sql.DataSource dataSource) {
        return org.usagelens.persistence.Migrations.apply(dataSource);
    }
}
