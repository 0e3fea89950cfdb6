package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.usagelens.domain.model.RetentionReport;
import org.usagelens.domain.port.in.MaintainSchemaUseCase;
import org.usagelens.domain.port.in.MaintainSchemaUseCase.RetentionCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code retain}: removes detail rows older than N months while the counters and day rollups keep their totals. */
@Command(name = "retain", mixinStandardHelpOptions = true,
        header = "Remove the rows of old months (dry run unless --apply).",
        description = {"Remove the usage-log rows of months older than the current one and the N before it (UTC),",
            "in batches; the monthly counters and daily rollups keep their totals, so analytics of those months",
            "still answer (from the rollups; exact=true percentiles and part-day windows of them no longer can).",
            "A dry run unless --apply is given: it prints what would be removed."})
final class RetainCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Option(names = "--months", paramLabel = "N", required = true,
            description = "Keep the current month and the N months before it (1-1200).")
    int months;

    @Option(names = "--apply", description = "Remove the rows (without it: a dry run).")
    boolean apply;

    @Option(names = "--dry-run", description = "Only print what would be removed (the default).")
    boolean dryRun;

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "5000",
            description = "Rows removed per transaction (1-100000, default ${DEFAULT-VALUE}).")
    int batchSize;

    @Spec
    CommandSpec spec;

    private final Connections connections;
    private final SchemaMaintenance schema;
    private final Clock clock;

    RetainCommand(Connections connections, SchemaMaintenance schema, Clock clock) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The first instant kept: the start (UTC) of the month {@code months} before the clock's current one. */
    static Instant cutOff(Clock clock, int months) {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(months).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
    }

    @Override
    public Integer call() {
        if (months < 1 || months > 1200) {
            throw new BadUsageException("--months must be between 1 and 1200, not " + months);
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new BadUsageException("--batch-size must be between 1 and 100000, not " + batchSize);
        }
        if (apply && dryRun) {
            throw new BadUsageException("--apply and --dry-run exclude each other: give one");
        }
        Instant before = cutOff(clock, months);
        PrintWriter out = spec.commandLine().getOut();
        try (HikariDataSource dataSource = connections.open(database, 1)) {
            MaintainSchemaUseCase retention = schema.open(dataSource);
            if (!apply) {
                RetentionReport plan = retention.retain(new RetentionCommand(before, batchSize, true), n -> { });
                out.printf(Locale.ROOT, "retain: dry run: %d row(s) before %s would be removed%s; counters and daily"
                        + " rollups keep their totals. Run with --apply to remove them.%n", plan.rows(), before,
                        describe(plan));
                return 0;
            }
            RetentionReport removed = retention.retain(new RetentionCommand(before, batchSize, false), n -> {
                out.printf(Locale.ROOT, "retain: %d row(s) removed%n", n);
                out.flush();
            });
            out.printf(Locale.ROOT, "retain: done: %d row(s) before %s removed%s; counters and daily rollups kept"
                    + " their totals%n", removed.rows(), before, describe(removed));
        }
        return 0;
    }

    private static String describe(RetentionReport plan) {
        return plan.rowsByBillingPeriod().isEmpty() ? "" : plan.rowsByBillingPeriod().entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", ", " (", ")"));
    }
}
