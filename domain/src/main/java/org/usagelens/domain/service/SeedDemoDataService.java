package org.usagelens.domain.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.SeedDemoDataUseCase;
import org.usagelens.domain.port.out.UsageLogRepository;

/**
 * Seeds demo usage relative to the clock: an empty store gets 90 days of calls; a store seeded before gets the
 * calls of the time since its newest demo call (at the same rate, at most 90 days of them), so a restart a month
 * later still shows recent data without re-seeding everything. Either way, the last 24 hours of the current
 * month end with at least one call of every demo provider, so the dashboard's recent windows are never empty.
 */
public final class SeedDemoDataService implements SeedDemoDataUseCase {
    /** Rows of a full seed: 90 days of demo usage. */
    public static final int FULL_ROWS = 4000;
    static final Duration RECENT = Duration.ofHours(24);
    private static final long SEED = 42L;
    private static final int CHUNK = 1000;

    private final UsageLogRepository repository;
    private final DemoData demoData;
    private final Clock clock;

    public SeedDemoDataService(UsageLogRepository repository, DemoData demoData, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.demoData = Objects.requireNonNull(demoData, "demoData");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public SeedReport seed() {
        Instant now = clock.instant();
        List<UsageLog> newest = repository.find(UsageLogFilter.forUser(DemoData.DEMO_USER), LegacyAttribution.NONE, null, 0, 1);
        int seeded = 0;
        int toppedUp = 0;
        if (newest.isEmpty()) {
            if (!repository.isEmpty()) {
                return new SeedReport(0, 0, 0); // a store with data of its own, never demo data: leave it alone
            }
            seeded = store(demoData.generate(now, FULL_ROWS, SEED));
        } else if (newest.get(0).timestamp().isBefore(now)) {
            Instant from = newest.get(0).timestamp().isBefore(now.minus(DemoData.SPAN)) ? now.minus(DemoData.SPAN)
                    : newest.get(0).timestamp();
            int count = (int) (FULL_ROWS * Duration.between(from, now).toMillis() / DemoData.SPAN.toMillis());
            toppedUp = store(demoData.generate(from, now, count, SEED, "demo-" + SEED + "-" + now.toEpochMilli() + "-"));
        }
        Instant monthStart = YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant recentFrom = monthStart.isAfter(now.minus(RECENT)) ? monthStart : now.minus(RECENT);
        Set<String> missing = new TreeSet<>(demoData.providers());
        UsageLogFilter recent = new UsageLogFilter(DemoData.DEMO_USER, null, null, null, null, null, recentFrom, now.plusMillis(1));
        missing.removeIf(provider -> repository.count(recent.withActualProvider(provider), LegacyAttribution.NONE) > 0);
        int recentStored = store(demoData.callsOf(missing, recentFrom, now, SEED,
                "demo-" + SEED + "-recent-" + now.toEpochMilli() + "-"));
        return new SeedReport(seeded, toppedUp, recentStored);
    }

    private int store(List<NewUsageLog> logs) {
        int stored = 0;
        for (int i = 0; i < logs.size(); i += CHUNK) {
            stored += (int) repository.insertNew(logs.subList(i, Math.min(logs.size(), i + CHUNK))).stream()
                    .filter(java.util.OptionalLong::isPresent).count();
        }
        return stored;
    }
}
