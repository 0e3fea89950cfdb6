package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.testing.TestUsageEvents.detected;
import static org.usagelens.domain.testing.TestUsageEvents.log;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.MonthlyTrends;
import org.usagelens.domain.model.MonthlyTrends.MonthFigures;
import org.usagelens.domain.port.in.ShowMonthlyTrendsUseCase.TrendQuery;
import org.usagelens.domain.testing.InMemoryUsageLogRepository;

/** Month-by-month figures per provider, across a year end, with rows attributed on read. */
class ShowMonthlyTrendsServiceTest {
    private final InMemoryUsageLogRepository repository = new InMemoryUsageLogRepository();
    private final ShowMonthlyTrendsService service = new ShowMonthlyTrendsService(repository,
            new DetectionOnRead(ProviderDetector.builtIn()));

    private void store(String key, String at, String cost, String provider) {
        repository.insertNew(List.of(log("u1", key, Category.VIDEO, "alibaba/wan-2.5/text-to-video", Instant.parse(at), 200,
                cost, provider == null ? null : detected(provider))));
    }

    @Test
    void givenCallsAcrossAYearEnd_whenTrended_thenEveryMonthIsThereWithItsChange() {
        store("a", "2026-11-30T23:59:59Z", "1.00", "wavespeed");
        store("b", "2026-12-31T23:59:59.999Z", "1.50", "wavespeed");
        store("c", "2027-01-01T00:00:00Z", "3.00", "wavespeed");
        store("d", "2027-01-15T10:00:00Z", "0.25", "google");
        store("d2", "2027-01-15T10:00:00Z", "0.5", "google");
        repository.insertNew(List.of(log("u2", "x", Category.VIDEO, "m", Instant.parse("2027-01-02T00:00:00Z"), 200, "7",
                detected("google"))));

        MonthlyTrends trends = service.trends(new TrendQuery("u1", YearMonth.parse("2027-01"), 12));

        assertThat(trends.months()).hasSize(12).startsWith("2026-02").endsWith("2026-11", "2026-12", "2027-01");
        assertThat(trends.providers()).extracting(MonthlyTrends.ProviderTrend::provider).containsExactly("wavespeed", "google");
        List<MonthFigures> wavespeed = trends.providers().get(0).months();
        assertThat(wavespeed).hasSize(12);
        assertThat(wavespeed.get(9).cost()).isEqualByComparingTo("1.00");
        assertThat(wavespeed.get(9).costChangeRatio()).isNull(); // nothing the month before
        assertThat(wavespeed.get(10).cost()).isEqualByComparingTo("1.50");
        assertThat(wavespeed.get(10).costChange()).isEqualByComparingTo("0.50");
        assertThat(wavespeed.get(10).costChangeRatio()).isEqualByComparingTo("0.5");
        assertThat(wavespeed.get(11).cost()).isEqualByComparingTo("3");
        assertThat(wavespeed.get(11).costChangeRatio()).isEqualByComparingTo("1");
        assertThat(trends.providers().get(1).months().get(11).calls()).isEqualTo(2); // u1's two google rows ("d", "d2")
        assertThat(trends.totals().get(11).cost()).isEqualByComparingTo(new BigDecimal("3.75"));
        assertThat(trends.totals().get(11).calls()).isEqualTo(3);
        assertThat(trends.totals().get(11).callsChange()).isEqualTo(2);
    }

    @Test
    void rowsStoredWithoutAProvider_countUnderTheProviderDetectedOnRead() {
        store("legacy", "2026-06-10T00:00:00Z", "0.5", null);
        MonthlyTrends trends = service.trends(new TrendQuery("u1", YearMonth.parse("2026-06"), 1));
        assertThat(trends.providers()).singleElement().satisfies(p -> {
            assertThat(p.provider()).isEqualTo("wavespeed");
            assertThat(p.displayName()).isEqualTo("WaveSpeed");
            assertThat(p.calls()).isEqualTo(1);
        });
    }

    @Test
    void aLeapYearFebruary_isOneMonthLikeAnyOther() {
        store("leap", "2028-02-29T23:59:59Z", "2", "wavespeed");
        store("march", "2028-03-01T00:00:00Z", "1", "wavespeed");
        MonthlyTrends trends = service.trends(new TrendQuery("u1", YearMonth.parse("2028-03"), 2));
        assertThat(trends.months()).containsExactly("2028-02", "2028-03");
        assertThat(trends.totals()).extracting(MonthFigures::calls).containsExactly(1L, 1L);
        assertThat(trends.totals().get(1).costChangeRatio()).isEqualByComparingTo("-0.5");
    }
}
