package org.usagelens.domain.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a backfill did (or, in a dry run, would do): rows examined, rows (re)detected and written, rows left alone
 * because newer rules or a client decided them, rows another writer changed first, and the provider changes.
 */
public record BackfillReport(boolean dryRun, String rulesVersion, long examined, long written, long leftAlone,
        long changedConcurrently, List<ProviderChange> changes, int batches, Duration elapsed,
        Duration longestBatchWrite) {

    public BackfillReport {
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        changes = List.copyOf(changes);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(longestBatchWrite, "longestBatchWrite");
    }

    /** Rows whose provider went from {@code from} (null: none) to {@code to}; equal when only the evidence changed. */
    public record ProviderChange(String from, String to, long rows) {
        public ProviderChange {
            Objects.requireNonNull(to, "to");
        }
    }
}
