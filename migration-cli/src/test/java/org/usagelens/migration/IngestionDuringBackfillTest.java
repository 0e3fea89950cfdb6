package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.migration.Cli.count;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.UsageEventDraft;
import org.usagelens.domain.port.in.RecordUsageUseCase.RecordUsageCommand;
import org.usagelens.domain.service.RecordUsageService;
import org.usagelens.domain.service.UsageEventValidator;
import org.usagelens.domain.testing.TestUsageEvents;
import org.usagelens.migration.Cli.Run;
import org.usagelens.persistence.DataSources;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.PostgresStore;
import org.usagelens.persistence.testing.LegacyDatabases;

/** The server keeps recording usage while the backfill runs: nothing it writes is lost or overwritten. */
class IngestionDuringBackfillTest {

    private static final int LEGACY_ROWS = 30_000;

    @Test
    void givenIngestionRunning_whenBackfilled_thenEveryLegacyRowIsDetected_andEveryIngestedRowIsAsStored()
            throws Exception {
        DatabaseUrl db = LegacyDatabases.create(true, LEGACY_ROWS);
        assertThat(Cli.run(db, "migrate", "--no-backfill").exit()).isZero();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger batches = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread server;
        try (HikariDataSource pool = DataSources.pooled(db, "server", 4, Duration.ofSeconds(5))) {
            RecordUsageService record = new RecordUsageService(new UsageEventValidator(java.time.Clock.fixed(TestUsageEvents.NOW,
                    java.time.ZoneOffset.UTC), id -> true), ProviderDetector.builtIn(),
                    new org.usagelens.domain.pricing.Pricer(org.usagelens.domain.pricing.PriceCatalog.builtIn()),
                    PostgresStore.usageLogs(pool));
            server = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        int b = batches.incrementAndGet();
                        List<UsageEventDraft> events = new ArrayList<>();
                        for (int i = 0; i < 20; i++) {
                            UsageEventDraft e = TestUsageEvents.videoOnWaveSpeed("live-" + b + "-" + i);
                            if (i % 4 == 0) {
                                // A client that names the provider itself.
                                e = TestUsageEvents.with(e, "actual_provider_name", "runway");
                            }
                            events.add(e);
                        }
                        record.record(new RecordUsageCommand(events));
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, "ingestion");
            server.start();
            Run backfill;
            try {
                backfill = Cli.run(db, "backfill", "--batch-size", "250", "--writers", "2");
            } finally {
                stop.set(true);
                server.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(backfill.exit()).as(backfill.toString()).isZero();
        }

        long ingested = batches.get() * 20L;
        assertThat(batches.get()).as("ingestion batches while the backfill ran").isGreaterThan(1);
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs")).isEqualTo(LEGACY_ROWS + ingested);
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs WHERE idempotency_key LIKE 'live-%'"
                + " AND detection_source = 'CLIENT' AND actual_provider_name = 'runway'")).isEqualTo(ingested / 4);
        assertThat(count(db, "SELECT count(*) FROM api_usage_logs WHERE idempotency_key LIKE 'live-%'"
                + " AND detection_source = 'ENDPOINT' AND actual_provider_name = 'wavespeed'"
                + " AND detection_rules_version = '" + ProviderDetector.builtIn().rulesVersion() + "'"))
                .isEqualTo(ingested - ingested / 4);
        assertThat(Cli.run(db, "verify").exit()).isZero();
    }
}
