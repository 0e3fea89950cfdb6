package org.usagelens.migration;

import org.usagelens.domain.port.in.BackfillUseCase.BackfillCommand;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How the backfill runs: batch size, parallel writers, rate cap, rule file. Defaults come from docs/BENCHMARKS.md. */
final class BackfillOptions {
    /** Measured: larger batches add little throughput and hold their row locks longer. */
    static final int DEFAULT_BATCH_SIZE = 1000;
    /** Measured (docs/BENCHMARKS.md): 4 writers reach the reference rate on 2 cores; 1 or 2 leave the database idle between commits. */
    static final int DEFAULT_WRITERS = 4;

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "" + DEFAULT_BATCH_SIZE,
            description = "Rows per batch; each batch is one short transaction (1-10000, default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "" + DEFAULT_WRITERS,
            description = "Batches written at the same time (1-16, default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--max-rate", paramLabel = "ROWS_PER_S", defaultValue = "0",
            description = "Examine at most this many rows per second (default: no limit).")
    double maxRate;

    @CommandLine.Mixin
    RulesOption rules = new RulesOption();

    @Option(names = "--progress-every", paramLabel = "SECONDS", defaultValue = "5", hidden = true,
            description = "Seconds between progress lines when not on a terminal.")
    double progressEvery;

    BackfillCommand command(CommandLine commandLine, boolean dryRun) {
        try {
            return new BackfillCommand(batchSize, writers, maxRate, dryRun);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
