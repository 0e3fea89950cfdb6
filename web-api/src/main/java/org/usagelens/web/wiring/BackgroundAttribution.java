package org.usagelens.web.wiring;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usagelens.domain.model.StorageUnavailableException;
import org.usagelens.domain.port.in.AttributeStoredRowsUseCase;

/**
 * Runs {@link AttributeStoredRowsUseCase} every interval on one daemon thread, so rows other writers insert without
 * a provider are attributed in storage within a minute; at most {@link #MAX_ROWS_PER_PASS} rows a pass, so a large
 * backlog is worked off in bounded steps (the migration CLI's backfill is the tool for millions).
 */
final class BackgroundAttribution implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundAttribution.class);
    static final int BATCH = 500;
    static final int MAX_ROWS_PER_PASS = 10_000;

    private final ScheduledExecutorService scheduler;

    BackgroundAttribution(AttributeStoredRowsUseCase attribute, Duration interval) {
        if (interval.isZero()) {
            scheduler = null;
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usagelens-attribution");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> pass(attribute), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private static void pass(AttributeStoredRowsUseCase attribute) {
        try {
            AttributeStoredRowsUseCase.Attributed done = attribute.attributePending(BATCH, MAX_ROWS_PER_PASS);
            if (done.written() > 0 || done.skipped() > 0) {
                LOG.info("Attributed {} rows stored without a provider by another writer ({} changed meanwhile, left for"
                        + " the next pass)", done.written(), done.skipped());
            }
        } catch (StorageUnavailableException e) {
            LOG.debug("Background attribution skipped a pass: the database is unavailable");
        } catch (RuntimeException e) {
            LOG.warn("Background attribution failed a pass; it runs again at the next interval", e);
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
