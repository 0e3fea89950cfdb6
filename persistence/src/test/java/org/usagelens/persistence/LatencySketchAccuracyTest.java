package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.testing.TestUsageEvents.detected;
import static org.usagelens.domain.testing.TestUsageEvents.log;
import static org.usagelens.domain.testing.TestUsageEvents.withLatency;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.UsageAggregate;
import org.usagelens.domain.model.UsageLogFilter;

/**
 * Through PostgreSQL: for varied latency distributions, every percentile the analytics estimate from the rollups'
 * sketches (a billing period, and a window of days with partial days at both ends) is within 1% of the exact one.
 */
class LatencySketchAccuracyTest {
    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.pooled("sketch-accuracy-test", 4, Duration.ofSeconds(10));

    private record Distribution(String name, Function<Random, DoubleSupplier> latency) {
    }

    @TestFactory
    Stream<DynamicTest> everyPercentileWithinOnePercent() {
        List<Distribution> distributions = List.of(
                new Distribution("uniform 0-90 s", r -> () -> r.nextDouble() * 90),
                new Distribution("log-normal", r -> () -> Math.exp(r.nextGaussian() * 1.2)),
                new Distribution("Pareto (heavy tail)", r -> () -> 0.02 / Math.pow(1 - r.nextDouble(), 1 / 1.2)),
                new Distribution("all equal", r -> () -> 2.5),
                new Distribution("integers with zeros", r -> () -> r.nextInt(4)));
        List<DynamicTest> tests = new ArrayList<>();
        for (int d = 0; d < distributions.size(); d++) {
            for (int calls : new int[] {1, 2, 17, 3000}) {
                Distribution distribution = distributions.get(d);
                String user = "user-" + d + "-" + calls;
                tests.add(DynamicTest.dynamicTest(distribution.name() + ", " + calls + " calls", () -> check(user, calls, distribution)));
            }
        }
        return tests.stream();
    }

    private static void check(String user, int calls, Distribution distribution) {
        JooqUsageLogRepository logs = new JooqUsageLogRepository(database.dsl());
        JooqAnalyticsRepository analytics = new JooqAnalyticsRepository(database.dsl());
        Random random = new Random(user.hashCode());
        DoubleSupplier latency = distribution.latency().apply(random);
        List<NewUsageLog> batch = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            // Spread over October, two providers, a few failures.
            Instant at = START.plusSeconds((long) (random.nextDouble() * 30 * 86_400));
            batch.add(withLatency(log(user, "k" + i, i % 2 == 0 ? Category.VIDEO : Category.AUDIO, "m", at,
                    i % 9 == 0 ? 500 : 200, "0.1", detected(i % 2 == 0 ? "wavespeed" : "openai")), latency.getAsDouble()));
            if (batch.size() == 500) {
                logs.insertNew(batch);
                batch.clear();
                analytics.compactLatencySketches(7); // some compacted, some pending
            }
        }
        logs.insertNew(batch);
        for (UsageLogFilter filter : List.of(
                new UsageLogFilter(user, null, null, null, null, "2026-10", null, null),
                new UsageLogFilter(user, null, null, null, null, null, Instant.parse("2026-10-03T07:00:00Z"),
                        Instant.parse("2026-10-29T13:30:00Z")),
                new UsageLogFilter(user, "wavespeed", null, UsageLogFilter.CallStatus.SUCCESS, null, null, null, null))) {
            List<UsageAggregate> exact = analytics.analytics(filter, LegacyAttribution.NONE, LatencyPrecision.EXACT).aggregates();
            List<UsageAggregate> sketched = analytics.analytics(filter, LegacyAttribution.NONE, LatencyPrecision.SKETCHED)
                    .aggregates();
            assertThat(sketched).hasSameSizeAs(exact);
            for (UsageAggregate e : exact) {
                UsageAggregate s = sketched.stream().filter(a -> java.util.Objects.equals(a.provider(), e.provider())
                        && java.util.Objects.equals(a.category(), e.category())).findFirst().orElseThrow();
                assertThat(s.calls()).isEqualTo(e.calls());
                within(s.latencyP50(), e.latencyP50(), filter + " p50 " + e.provider() + "/" + e.category());
                within(s.latencyP95(), e.latencyP95(), filter + " p95 " + e.provider() + "/" + e.category());
            }
        }
    }

    private static void within(Double estimate, Double truth, String what) {
        if (truth == null) {
            assertThat(estimate).as(what).isNull();
            return;
        }
        assertThat(Math.abs(estimate - truth)).as(what + ": " + estimate + " against " + truth)
                .isLessThanOrEqualTo(0.01 * truth);
    }
}
