package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.usagelens.persistence.Migrations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code migrate}: applies the Flyway migrations. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Apply the schema migrations to the database.")
public final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Spec
    CommandSpec spec;

    private final Connections connections;

    public MigrateCommand(Connections connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public Integer call() {
        try (HikariDataSource dataSource = connections.open(database)) {
            int applied = Migrations.apply(dataSource);
            spec.commandLine().getOut().printf("migrate: %d migration(s) applied; the schema is current%n", applied);
        }
        return 0;
    }
}
