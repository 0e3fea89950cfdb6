package org.usagelens.migration;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.usagelens.domain.port.in.BackfillUseCase.Progress;
import org.usagelens.domain.port.in.BackfillUseCase.ProgressListener;

/**
 * Shows the backfill's progress on standard error: a bar redrawn in place on a terminal (rows done, rows/s, ETA), and
 * otherwise a plain line every few seconds, so logs stay readable.
 */
final class ProgressPrinter implements ProgressListener {
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final boolean terminal;
    private final long everyNanos;
    private long lastPrint = System.nanoTime();
    private boolean drewBar;

    ProgressPrinter(PrintWriter err, boolean terminal, Duration every) {
        this.err = err;
        this.terminal = terminal;
        this.everyNanos = terminal ? Duration.ofMillis(200).toNanos() : every.toNanos();
    }

    @Override
    public void onProgress(Progress p) {
        long now = System.nanoTime();
        if (now - lastPrint < everyNanos) {
            return;
        }
        lastPrint = now;
        if (terminal) {
            err.print("\r" + bar(p));
            drewBar = true;
        } else {
            err.println(line(p));
        }
        err.flush();
    }

    /** Ends the bar's line, so what follows starts on a new one. */
    void done() {
        if (drewBar) {
            err.println();
            err.flush();
        }
    }

    static String bar(Progress p) {
        double fraction = p.estimatedRows() == 0 ? 1 : Math.min(1, (double) p.examined() / p.estimatedRows());
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %,d/%,d rows  %,.0f rows/s  ETA %s",
                "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), Math.round(fraction * 100), p.examined(),
                p.estimatedRows(), rate(p), eta(p));
    }

    static String line(Progress p) {
        return String.format(Locale.ROOT, "backfill: %d of ~%d rows examined, %d written, %.0f rows/s, ETA %s",
                p.examined(), p.estimatedRows(), p.written(), rate(p), eta(p));
    }

    static double rate(Progress p) {
        double seconds = p.elapsed().toNanos() / 1e9;
        return seconds <= 0 ? 0 : p.examined() / seconds;
    }

    static String eta(Progress p) {
        double rate = rate(p);
        long left = Math.max(0, p.estimatedRows() - p.examined());
        if (left == 0) {
            return "0s";
        }
        if (rate <= 0) {
            return "?";
        }
        return duration(Duration.ofSeconds((long) Math.ceil(left / rate)));
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return d.toMillis() >= 10_000 ? s + "s" : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
