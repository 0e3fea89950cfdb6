package org.usagelens.web.wiring;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usagelens.domain.model.StorageUnavailableException;
import org.usagelens.domain.port.out.AnalyticsRepository;

/**
 * Folds the latency sketches writes leave pending into the rollups, every {@link #INTERVAL}, on one daemon thread.
 * No figure depends on it (reads merge what is pending); it keeps what a read has to merge small: about one
 * interval's writes. A backlog (a bulk load, a backfill by the migration CLI) is worked off
 * {@link #ROWS_PER_ROUND} pending sketches at a time, for at most {@link #BUDGET} per pass.
 */
final class BackgroundCompaction implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundCompaction.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int ROWS_PER_ROUND = 10_000;
    static final Duration BUDGET = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler;

    BackgroundCompaction(AnalyticsRepository analytics) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usagelens-sketch-compaction");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> pass(analytics), INTERVAL.toMillis(), INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void pass(AnalyticsRepository analytics) {
        try {
            long start = System.nanoTime();
            long folded = 0;
            int round;
            do {
                round = analytics.compactLatencySketches(ROWS_PER_ROUND);
                folded += round;
            } while (round == ROWS_PER_ROUND && System.nanoTime() - start < BUDGET.toNanos());
            if (folded >= ROWS_PER_ROUND) {
                LOG.info("Folded {} pending latency sketches into the rollups in {} ms", folded,
                        (System.nanoTime() - start) / 1_000_000);
            }
        } catch (StorageUnavailableException e) {
            LOG.debug("Sketch compaction skipped a pass: the database is unavailable");
        } catch (RuntimeException e) {
            LOG.warn("Sketch compaction failed a pass; it runs again at the next interval", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
