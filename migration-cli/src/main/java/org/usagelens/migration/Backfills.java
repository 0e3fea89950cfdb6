package org.usagelens.migration;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.usagelens.domain.model.BackfillReport;
import org.usagelens.domain.model.BackfillReport.ProviderChange;
import org.usagelens.domain.port.in.BackfillUseCase;
import org.usagelens.domain.port.in.BackfillUseCase.BackfillCommand;

/** Runs a backfill for {@code migrate} and {@code backfill}, and prints its progress and its report. */
final class Backfills {
    private Backfills() {
    }

    static BackfillReport run(BackfillUseCase service, BackfillCommand command, BackfillOptions options, PrintWriter out,
            PrintWriter err) {
        ProgressPrinter progress = new ProgressPrinter(err, System.console() != null,
                Duration.ofMillis((long) (options.progressEvery * 1000)));
        BackfillReport report;
        try {
            report = service.backfill(command, progress);
        } finally {
            progress.done();
        }
        print(report, out);
        return report;
    }

    static void print(BackfillReport r, PrintWriter out) {
        double seconds = Math.max(r.elapsed().toNanos() / 1e9, 1e-9);
        if (r.dryRun()) {
            out.printf(Locale.ROOT, "backfill --dry-run: %d rows examined, %d would be written with rules %s,"
                    + " %d left alone (client-supplied or newer rules); nothing was written%n", r.examined(),
                    r.written(), r.rulesVersion(), r.leftAlone());
        } else {
            out.printf(Locale.ROOT, "backfill: %d rows examined, %d written with rules %s, %d left alone"
                    + " (client-supplied or newer rules), %d changed by another writer meanwhile; %d batches in %s"
                    + " (%.0f rows/s), longest batch write %d ms%n", r.examined(), r.written(), r.rulesVersion(),
                    r.leftAlone(), r.changedConcurrently(), r.batches(), ProgressPrinter.duration(r.elapsed()),
                    r.examined() / seconds, r.longestBatchWrite().toMillis());
        }
        if (!r.changes().isEmpty()) {
            int fromWidth = "from provider".length();
            int toWidth = "to provider".length();
            for (ProviderChange c : r.changes()) {
                fromWidth = Math.max(fromWidth, name(c.from()).length());
                toWidth = Math.max(toWidth, c.to().length());
            }
            String format = "%-" + fromWidth + "s  %-" + toWidth + "s  %12s%n";
            out.printf(Locale.ROOT, format, "from provider", "to provider", "rows");
            for (ProviderChange c : r.changes()) {
                out.printf(Locale.ROOT, format, name(c.from()), c.to(), c.rows());
            }
        }
        out.flush();
    }

    private static String name(String provider) {
        return provider == null ? "(none)" : provider;
    }
}
