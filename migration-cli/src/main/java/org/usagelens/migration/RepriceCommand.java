package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.usagelens.domain.model.RepriceReport;
import org.usagelens.domain.port.in.RepriceUseCase;
import org.usagelens.domain.pricing.PriceCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reprice}: costs again the rows an older price catalog priced; {@code --revert RUN} undoes a run. */
@Command(name = "reprice", mixinStandardHelpOptions = true,
        header = "Re-cost catalog-priced and unpriced rows with the current catalog.",
        description = {"Cost again, with the current price catalog, every row judged against another catalog version:",
            "rows the catalog priced get the new price, unpriced rows may become priced; a client's cost is never",
            "changed (only the catalog's figure beside it). Keyset batches of short transactions, safe while the server",
            "writes; stopped and run again, it picks up the rest. Every change is recorded under the run id it prints,",
            "and --revert <run id> restores it exactly."})
final class RepriceCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Mixin
    PricesOption prices = new PricesOption();

    @Option(names = "--dry-run", description = "Write nothing; print per provider and model the rows and their old -> new totals.")
    boolean dryRun;

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "10000",
            description = "Rows per batch, each its own transaction (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--revert", paramLabel = "RUN_ID", description = "Restore what the run with this id changed.")
    String revert;

    @Spec
    CommandSpec spec;

    private final Connections connections;
    private final Reprices reprices;

    RepriceCommand(Connections connections, Reprices reprices) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.reprices = Objects.requireNonNull(reprices, "reprices");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (revert != null && dryRun) {
            throw new BadUsageException("--revert and --dry-run do not go together");
        }
        RepriceUseCase.RepriceCommand command;
        try {
            command = new RepriceUseCase.RepriceCommand(batchSize, dryRun);
        } catch (IllegalArgumentException e) {
            throw new BadUsageException(e.getMessage());
        }
        // Read the price file before touching the database: a bad one fails the run with nothing changed.
        PriceCatalog catalog = prices.catalog();
        try (HikariDataSource dataSource = connections.open(database, 2)) {
            RepriceUseCase reprice = reprices.open(dataSource, catalog);
            if (revert != null) {
                RepriceReport.Reverted r;
                try {
                    r = reprice.revert(revert);
                } catch (IllegalArgumentException e) {
                    throw new BadUsageException(e.getMessage());
                }
                out.printf(Locale.ROOT, "reprice --revert %s: %d rows restored, %d left alone (changed since the run)%n",
                        r.runId(), r.restored(), r.skipped());
                out.flush();
                return 0;
            }
            RepriceReport report = reprice.reprice(command, new RepriceUseCase.Listener() {
                @Override
                public void started(String runId, long candidates) {
                    if (runId != null) {
                        out.println("run id: " + runId);
                    }
                    out.printf(Locale.ROOT, "reprice%s: %d rows judged against another price catalog than %s%n",
                            dryRun ? " --dry-run" : "", candidates, catalog.priceVersion());
                    out.flush();
                }
            });
            print(report, out);
        }
        return 0;
    }

    static void print(RepriceReport r, PrintWriter out) {
        double seconds = Math.max(r.elapsed().toNanos() / 1e9, 1e-9);
        if (r.dryRun()) {
            out.printf(Locale.ROOT, "reprice --dry-run: %d rows examined, %d would change their cost, %d keep it;"
                    + " nothing was written%n", r.examined(), r.examined() - r.unchanged(), r.unchanged());
        } else {
            out.printf(Locale.ROOT, "reprice: %d rows examined, %d written with prices %s (%d keep their cost), %d changed by"
                    + " another writer meanwhile (left for the next run); %s (%.0f rows/s); run id: %s%n", r.examined(),
                    r.written(), r.priceVersion(), r.unchanged(), r.changedConcurrently(), duration(r.elapsed()),
                    r.examined() / seconds, r.runId());
        }
        if (!r.changes().isEmpty()) {
            int providerWidth = "provider".length();
            int modelWidth = "model".length();
            for (RepriceReport.ModelChange c : r.changes()) {
                providerWidth = Math.max(providerWidth, c.provider().length());
                modelWidth = Math.max(modelWidth, Math.min(60, c.model().length()));
            }
            String format = "%-" + providerWidth + "s  %-" + modelWidth + "s  %8s  %18s  %18s  %s%n";
            out.printf(Locale.ROOT, format, "provider", "model", "rows", "old total", "new total", "");
            for (RepriceReport.ModelChange c : r.changes()) {
                String note = (c.newlyPriced() > 0 ? c.newlyPriced() + " newly priced " : "")
                        + (c.newlyUnpriced() > 0 ? c.newlyUnpriced() + " now unpriced" : "");
                out.printf(Locale.ROOT, format, c.provider(), c.model().length() > 60 ? c.model().substring(0, 59) + "…" : c.model(),
                        c.rows(), c.oldTotal().toPlainString(), c.newTotal().toPlainString(), note.trim());
            }
        }
        out.flush();
    }

    private static String duration(Duration d) {
        return ProgressPrinter.duration(d);
    }
}
