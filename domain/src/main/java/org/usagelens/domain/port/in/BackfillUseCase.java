package org.usagelens.domain.port.in;

import java.time.Duration;
import org.usagelens.domain.model.BackfillReport;

/** Inbound port: detect again every stored row whose provider is missing or was detected by older rules. */
public interface BackfillUseCase {

    BackfillReport backfill(BackfillCommand command, ProgressListener progress);

    /**
     * @param batchSize rows per keyset batch, each written in its own transaction
     * @param writers   batches written at the same time
     * @param maxRate   rows per second at most; 0 for no limit
     * @param dryRun    write nothing, only report what would change
     */
    record BackfillCommand(int batchSize, int writers, double maxRate, boolean dryRun) {
        public BackfillCommand {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batch size must be from 1 to 10000, got " + batchSize);
            }
            if (writers < 1 || writers > 16) {
                throw new IllegalArgumentException("writers must be from 1 to 16, got " + writers);
            }
            if (!(maxRate >= 0) || Double.isInfinite(maxRate)) {
                throw new IllegalArgumentException("max rate must be a positive number of rows per second");
            }
        }
    }

    /** Where the backfill stands; {@code estimatedRows} is the candidates counted at the start. */
    record Progress(long estimatedRows, long examined, long written, Duration elapsed) {
    }

    /** Told after every batch read, from the thread that called {@link #backfill}. */
    @FunctionalInterface
    interface ProgressListener {
        ProgressListener NONE = p -> { };

        void onProgress(Progress progress);
    }
}
