package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.SeedDemoDataUseCase.SeedReport;
import org.usagelens.domain.testing.InMemoryUsageLogRepository;
import org.usagelens.domain.testing.TestClock;

/** Demo data relative to the clock, at the edges of time: recent windows always show every demo provider. */
class SeedDemoDataServiceTest {
    private final InMemoryUsageLogRepository repository = new InMemoryUsageLogRepository();
    private final DemoData demoData = new DemoData(ProviderDetector.builtIn());

    private List<UsageLog> demoUserLogs() {
        return repository.find(UsageLogFilter.forUser(DemoData.DEMO_USER), LegacyAttribution.NONE, null, 0, 100_000);
    }

    private Set<String> providersBetween(Instant from, Instant toInclusive) {
        Set<String> providers = new TreeSet<>();
        for (UsageLog log : demoUserLogs()) {
            if (!log.timestamp().isBefore(from) && !log.timestamp().isAfter(toInclusive) && log.detection() != null) {
                providers.add(log.detection().providerId());
            }
        }
        return providers;
    }

    private static Instant monthStart(Instant now) {
        return YearMonth.from(now.atOffset(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"2027-03-01T00:00:00Z", "2027-03-01T00:00:20Z", "2027-04-30T23:59:59.999Z",
            "2026-12-31T23:59:00Z", "2027-01-01T00:00:05Z", "2028-02-29T23:58:00Z", "2026-11-18T10:15:30Z"})
    void anEmptyStore_getsNinetyDays_andEveryProviderInTheCurrentMonthsLastDay(String at) {
        Instant now = Instant.parse(at);
        SeedReport report = new SeedDemoDataService(repository, demoData, new TestClock(now)).seed();

        assertThat(report.seeded()).isEqualTo(SeedDemoDataService.FULL_ROWS);
        List<UsageLog> all = demoUserLogs();
        assertThat(all).allSatisfy(log -> {
            assertThat(log.timestamp()).isBetween(now.minus(DemoData.SPAN), now);
            assertThat(log.billingPeriod()).isEqualTo(YearMonth.from(log.timestamp().atOffset(ZoneOffset.UTC)).toString());
        });
        Instant recentFrom = monthStart(now).isAfter(now.minus(Duration.ofHours(24))) ? monthStart(now) : now.minus(Duration.ofHours(24));
        assertThat(providersBetween(recentFrom, now)).containsExactlyElementsOf(new TreeSet<>(demoData.providers()));
        assertThat(providersBetween(monthStart(now), now)).containsExactlyElementsOf(new TreeSet<>(demoData.providers()));
    }

    @ParameterizedTest(name = "restarted {0} later")
    @ValueSource(strings = {"PT1M", "PT25H", "P31D", "P200D"})
    void aRestartLater_topsUpTheTimeSinceInsteadOfReseeding(String later) {
        Instant first = Instant.parse("2026-12-31T23:59:00Z");
        TestClock clock = new TestClock(first);
        SeedDemoDataService service = new SeedDemoDataService(repository, demoData, clock);
        service.seed();
        int before = demoUserLogs().size();
        Instant newestBefore = demoUserLogs().get(0).timestamp();

        Instant restart = first.plus(Duration.parse(later));
        clock.set(restart);
        SeedReport again = service.seed();

        assertThat(again.seeded()).isZero();
        long gapDays = Math.min(Duration.between(newestBefore, restart).toDays(), DemoData.SPAN.toDays());
        // at the full seed's rate (4000 in 90 days, of which about 70% the demo user's), never everything again
        assertThat(again.toppedUp()).isBetween((int) (gapDays * 4000 / 90 * 0.9), (int) ((gapDays + 1) * 4000 / 90));
        assertThat(demoUserLogs().size()).isGreaterThan(before);
        assertThat(demoUserLogs().get(0).timestamp()).isBeforeOrEqualTo(restart);
        Instant recentFrom = monthStart(restart).isAfter(restart.minus(Duration.ofHours(24))) ? monthStart(restart)
                : restart.minus(Duration.ofHours(24));
        assertThat(providersBetween(recentFrom, restart)).containsExactlyElementsOf(new TreeSet<>(demoData.providers()));
    }

    @org.junit.jupiter.api.Test
    void aRestartAMinuteLater_addsNothingWhenEveryProviderIsStillThere() {
        Instant first = Instant.parse("2026-11-18T10:00:00Z");
        TestClock clock = new TestClock(first);
        SeedDemoDataService service = new SeedDemoDataService(repository, demoData, clock);
        service.seed();
        clock.set(first.plusSeconds(60));
        SeedReport again = service.seed();
        assertThat(again.recent()).isZero();
        assertThat(again.toppedUp()).isZero();
    }

    @org.junit.jupiter.api.Test
    void aStoreWithDataOfItsOwn_isLeftAlone() {
        repository.insertNew(List.of(org.usagelens.domain.testing.TestUsageEvents.log("someone", "k1",
                org.usagelens.domain.model.Category.VIDEO, "wan", Instant.parse("2026-11-01T00:00:00Z"), 200, "0.1", null)));
        SeedReport report = new SeedDemoDataService(repository, demoData, new TestClock(Instant.parse("2026-11-18T10:00:00Z"))).seed();
        assertThat(report.stored()).isZero();
        assertThat(demoUserLogs()).isEmpty();
    }
}
