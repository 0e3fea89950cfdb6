package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.AdoptionReport;
import org.usagelens.domain.model.DistributionReport;
import org.usagelens.domain.port.in.BackfillUseCase;
import org.usagelens.domain.port.in.MaintainSchemaUseCase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code migrate}: adopts a database of the original system, applies the Flyway migrations, then backfills. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        header = "Bring the database to the current schema, then backfill.",
        description = {"Bring the database to the current schema, then backfill the actual providers.",
            "A database of the original system (api_usage_logs, no migration history) is adopted first: its",
            "columns are converted in place (costs keep their exact values, timestamps are read as UTC).",
            "On a Citus coordinator (the citus extension installed) the tables are then distributed by user_id,",
            "co-located, the small global ones as reference tables.",
            "Run again, it changes nothing."})
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Mixin
    BackfillOptions backfill = new BackfillOptions();

    @Option(names = "--no-backfill", description = "Only adopt and migrate the schema.")
    boolean noBackfill;

    @Option(names = "--citus-shards", paramLabel = "N",
            description = "On Citus: the shard count of the distributed tables (default: the database's citus.shard_count).")
    Integer citusShards;

    @Spec
    CommandSpec spec;

    private final Connections connections;
    private final DetectionUseCases useCases;
    private final SchemaMaintenance schema;

    MigrateCommand(Connections connections, DetectionUseCases useCases, SchemaMaintenance schema) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    @Override
    public Integer call() {
        BackfillUseCase.BackfillCommand command = backfill.command(spec.commandLine(), false);
        if (citusShards != null && (citusShards < 1 || citusShards > 64_000)) {
            throw new BadUsageException("--citus-shards must be between 1 and 64000, not " + citusShards);
        }
        // Read the rule file before touching the database: a bad one fails the run with nothing changed.
        ProviderDetector detector = noBackfill ? null : backfill.rules.detector();
        PrintWriter out = spec.commandLine().getOut();
        try (HikariDataSource dataSource = connections.open(database, command.writers() + 1)) {
            schema.open(dataSource).migrate(new MaintainSchemaUseCase.MigrateSchemaCommand(
                    citusShards == null ? OptionalInt.empty() : OptionalInt.of(citusShards)), new Printer(out));
            out.flush();
            if (!noBackfill) {
                Backfills.run(useCases.backfill(dataSource, detector), command, backfill, out,
                        spec.commandLine().getErr());
            }
        }
        return 0;
    }

    /** Prints each step of the schema's maintenance as it is done. */
    private static final class Printer implements MaintainSchemaUseCase.Listener {
        private final PrintWriter out;

        Printer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void adopted(AdoptionReport a) {
            out.printf(Locale.ROOT, "migrate: adopted the original api_usage_logs (%d rows): converted %s;"
                    + " table locked %s%n", a.rows(), a.convertedColumns().isEmpty() ? "nothing"
                    : String.join(", ", a.convertedColumns()), ProgressPrinter.duration(a.lockHeld()));
            if (a.timeZoneNote() != null) {
                out.printf("migrate: %s%n", a.timeZoneNote());
            }
            if (!a.keptExtraColumns().isEmpty()) {
                out.printf("migrate: kept columns UsageLens does not use: %s%n",
                        String.join(", ", a.keptExtraColumns()));
            }
        }

        @Override
        public void migrated(int applied) {
            out.printf("migrate: %d migration(s) applied; the schema is current%n", applied);
        }

        @Override
        public void distributed(DistributionReport d) {
            out.printf(Locale.ROOT,
                    d.alreadyDistributed()
                            ? "migrate: Citus %s: already distributed by user_id (%d shards, co-located)%n"
                            : "migrate: Citus %s: distributed by user_id (%d shards, co-located): %s; reference tables: %s;"
                            + " database settings: %s%n",
                    d.citusVersion(), d.shardCount(), d.distributed().isEmpty() ? "none" : String.join(", ", d.distributed()),
                    d.reference().isEmpty() ? "none" : String.join(", ", d.reference()),
                    d.settings().isEmpty() ? "none" : String.join(", ", d.settings()));
        }
    }
}
