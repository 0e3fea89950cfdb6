package org.usagelens.persistence;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** The jOOQ context of a pool, with the settings every repository uses (PostgresStore builds one per port). */
final class Jooq {
    private Jooq() {
    }

    static DSLContext context(DataSource dataSource) {
        Settings settings = new Settings()
                .withRenderQuotedNames(RenderQuotedNames.EXPLICIT_DEFAULT_UNQUOTED)
                .withExecuteLogging(false)
                .withRenderSchema(false);
        return DSL.using(dataSource, SQLDialect.POSTGRES, settings);
    }
}
