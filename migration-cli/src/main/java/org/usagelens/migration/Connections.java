package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;

/** Opens the database a command names, with room for {@code connections} at once; the command closes it. */
@FunctionalInterface
public interface Connections {
    HikariDataSource open(DatabaseOptions options, int connections);
}
