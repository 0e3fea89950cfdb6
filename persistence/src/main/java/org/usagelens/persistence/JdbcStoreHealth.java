package org.usagelens.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.usagelens.domain.port.out.StoreHealth;

/** Probes PostgreSQL by borrowing a connection and validating it. */
final class JdbcStoreHealth implements StoreHealth {
    private final DataSource dataSource;

    JdbcStoreHealth(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Status probe() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? new Status(true, "ok") : new Status(false, "database did not answer in 2 s");
        } catch (SQLException e) {
            return new Status(false, "database unavailable");
        }
    }
}
