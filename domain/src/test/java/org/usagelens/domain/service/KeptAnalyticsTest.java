package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.testing.TestUsageEvents.detected;
import static org.usagelens.domain.testing.TestUsageEvents.log;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.AnalyseProvidersUseCase.Analysed;
import org.usagelens.domain.port.in.AnalyseProvidersUseCase.Reuse;
import org.usagelens.domain.testing.InMemoryUsageLogRepository;

/** Reusing analytics: only ever a result computed since the last change the store reports. */
class KeptAnalyticsTest {
    private static final Instant T0 = Instant.parse("2026-10-05T10:00:00Z");
    private static final UsageLogFilter OCTOBER = new UsageLogFilter("u1", null, null, null, null, "2026-10", null, null);

    private final InMemoryUsageLogRepository repository = new InMemoryUsageLogRepository();
    private final DetectionOnRead detection = new DetectionOnRead(ProviderDetector.builtIn());

    private KeptAnalytics kept(int results) {
        return new KeptAnalytics(new AnalyseProvidersService(repository, repository, detection), repository, results);
    }

    private void store(String key, String cost) {
        repository.insertNew(List.of(log("u1", key, Category.VIDEO, "wan", T0, 200, cost, detected("wavespeed"))));
    }

    @Test
    void givenNoChange_theSecondRequestReusesTheFirstResult() {
        KeptAnalytics service = kept(KeptAnalytics.DEFAULT_KEPT_RESULTS);
        store("a", "0.5");
        Analysed first = service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        Analysed second = service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        assertThat(first.reused()).isFalse();
        assertThat(second.reused()).isTrue();
        assertThat(second.analytics()).isSameAs(first.analytics());
    }

    @Test
    void givenAWriteInBetween_theFiguresAreComputedAgain() {
        KeptAnalytics service = kept(KeptAnalytics.DEFAULT_KEPT_RESULTS);
        store("a", "0.5");
        service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        store("b", "0.25");
        Analysed after = service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        assertThat(after.reused()).isFalse();
        assertThat(after.analytics().totals().calls()).isEqualTo(2);
        assertThat(after.analytics().totals().cost()).isEqualByComparingTo("0.75");
    }

    @Test
    void givenReuseNever_orAStoreWithoutStamps_orNoRoom_nothingIsReused() {
        store("a", "0.5");
        KeptAnalytics service = kept(KeptAnalytics.DEFAULT_KEPT_RESULTS);
        service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        assertThat(service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.NEVER).reused()).isFalse();

        KeptAnalytics none = kept(0);
        none.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        assertThat(none.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED).reused()).isFalse();

        repository.keepStamps(false);
        KeptAnalytics stampless = kept(KeptAnalytics.DEFAULT_KEPT_RESULTS);
        stampless.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        assertThat(stampless.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED).reused()).isFalse();
    }

    @Test
    void exactAndSketchedResults_areKeptApart() {
        store("a", "0.5");
        KeptAnalytics service = kept(KeptAnalytics.DEFAULT_KEPT_RESULTS);
        Analysed sketched = service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        Analysed exact = service.analyse(OCTOBER, LatencyPrecision.EXACT, Reuse.IF_UNCHANGED);
        assertThat(exact.reused()).isFalse();
        assertThat(exact.analytics().latencyRelativeError()).isZero();
        assertThat(sketched.analytics().latencyRelativeError()).isEqualTo(0.01);
        assertThat(service.analyse(OCTOBER, LatencyPrecision.EXACT, Reuse.IF_UNCHANGED).analytics()).isSameAs(exact.analytics());
    }

    @Test
    void keptResults_areBoundedAndPerFilter() {
        store("a", "0.5");
        KeptAnalytics service = kept(1);
        UsageLogFilter all = UsageLogFilter.forUser("u1");
        service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED);
        service.analyse(all, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED); // pushes October out
        assertThat(service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED).reused()).isFalse();
        assertThat(service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED).reused()).isTrue();
        assertThat(service.analyse(OCTOBER, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED).analytics().filter()).isEqualTo(OCTOBER);
    }
}
