package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.port.in.BackfillUseCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backfill}: detects again every row without an actual provider or detected by older rules. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        header = "Detect the actual provider of rows without a current one.",
        description = {"Detect the actual provider of every row that has none or was detected by older rules,",
            "in keyset batches of short transactions; safe while the server writes, and safe to stop and rerun.",
            "Rows whose provider a client supplied, or newer rules detected, are left alone."})
final class BackfillCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Mixin
    BackfillOptions backfill = new BackfillOptions();

    @Option(names = "--dry-run", description = "Write nothing; print what would change (from provider -> to provider, rows).")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    private final Connections connections;
    private final DetectionUseCases useCases;

    BackfillCommand(Connections connections, DetectionUseCases useCases) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    @Override
    public Integer call() {
        BackfillUseCase.BackfillCommand command = backfill.command(spec.commandLine(), dryRun);
        ProviderDetector detector = backfill.rules.detector();
        try (HikariDataSource dataSource = connections.open(database, command.writers() + 1)) {
            Backfills.run(useCases.backfill(dataSource, detector), command, backfill, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
        return 0;
    }
}
