package org.usagelens.migration.archfixture;

/** Fixture: a CLI class outside the wiring package using persistence (no command may, since the schema port). */
public class CommandUsesPersistence {
    int migrate(javax.sql.DataSource dataSource) {
        return org.usagelens.persistence.PostgresStore.schema(dataSource).migrate();
    }
}
