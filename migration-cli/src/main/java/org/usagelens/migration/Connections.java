package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;

/** Opens the database a command names; the command closes it. */
@FunctionalInterface
public interface Connections {
    HikariDataSource open(DatabaseOptions options);
}
