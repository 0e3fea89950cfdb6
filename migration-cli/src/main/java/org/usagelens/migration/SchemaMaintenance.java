package org.usagelens.migration;

import javax.sql.DataSource;
import org.usagelens.domain.port.in.MaintainSchemaUseCase;

/** Builds the schema's maintenance (migrations, adoption, distribution, retention) of a database (the wiring knows how). */
@FunctionalInterface
public interface SchemaMaintenance {
    MaintainSchemaUseCase open(DataSource dataSource);
}
