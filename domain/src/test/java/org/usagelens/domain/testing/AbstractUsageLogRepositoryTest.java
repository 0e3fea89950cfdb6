package org.usagelens.domain.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.testing.TestUsageEvents.detected;
import static org.usagelens.domain.testing.TestUsageEvents.log;
import static org.usagelens.domain.model.LegacyAttribution.NONE;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.domain.model.LatencyPrecision;

/**
 * The contract every {@link UsageLogRepository} keeps. Subclasses supply an empty repository; the
 * in-memory one and the PostgreSQL one both run it, so service tests on the former stay honest.
 */
public abstract class AbstractUsageLogRepositoryTest {

    protected UsageLogRepository repository;
    protected AnalyticsRepository analytics;

    /** A repository with no rows in it. */
    protected abstract UsageLogRepository emptyRepository();

    /** The analytics read side over the same store as the repository. */
    protected abstract AnalyticsRepository analyticsOver(UsageLogRepository repository);

    @BeforeEach
    void setUp() {
        repository = emptyRepository();
        analytics = analyticsOver(repository);
    }

    private List<org.usagelens.domain.model.UsageAggregate> aggregates(UsageLogFilter filter, LegacyAttribution attribution,
                                                                       LatencyPrecision precision) {
        return analytics.analytics(filter, attribution, precision).aggregates();
    }

    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");

    @Test
    void insertNew_thenFindReturnsEveryFieldAsStored() {
        var log = log("u1", "k1", Category.VIDEO, "alibaba/wan-2.5/text-to-video", T0, 200, "0.1234567891",
                detected("wavespeed"));
        List<OptionalLong> ids = repository.insertNew(List.of(log));

        assertThat(ids).hasSize(1);
        assertThat(ids.get(0)).isPresent();
        UsageLog stored = repository.find(UsageLogFilter.forUser("u1"), NONE, null, 0, 10).get(0);
        assertThat(stored.id()).isEqualTo(ids.get(0).getAsLong());
        assertThat(stored.idempotencyKey()).isEqualTo("k1");
        assertThat(stored.category()).isEqualTo("video");
        assertThat(stored.modelUsed()).isEqualTo("alibaba/wan-2.5/text-to-video");
        assertThat(stored.costTotal()).isEqualByComparingTo(new BigDecimal("0.1234567891"));
        assertThat(stored.costTotal().stripTrailingZeros().toPlainString()).isEqualTo("0.1234567891");
        assertThat(stored.timestamp()).isEqualTo(T0);
        assertThat(stored.billingPeriod()).isEqualTo("2026-10");
        assertThat(stored.tokensTotal()).isEqualTo(30L);
        assertThat(stored.responseTime()).isEqualTo(1.25);
        assertThat(stored.detection()).isEqualTo(detected("wavespeed"));
    }

    @Test
    void insertNew_batch_keepsMicrosecondsLargeCostsAndAbsentDetectionsRowByRow() {
        Instant micros = T0.plusNanos(123_456_000);
        var first = log("u1", "k1", Category.AUDIO, "tts-1", micros, 500, "12345678901234.0000000001", null);
        var second = log("u1", "k2", Category.VIDEO, null, T0, 200, "0", detected("wavespeed"));
        List<OptionalLong> ids = repository.insertNew(List.of(first, second));

        assertThat(ids).allMatch(OptionalLong::isPresent);
        List<UsageLog> stored = repository.find(UsageLogFilter.forUser("u1"), NONE, null, 0, 10);
        assertThat(stored).extracting(UsageLog::idempotencyKey).containsExactly("k1", "k2");
        assertThat(stored.get(0).timestamp()).isEqualTo(micros);
        assertThat(stored.get(0).costTotal()).isEqualByComparingTo(new BigDecimal("12345678901234.0000000001"));
        assertThat(stored.get(0).detection()).isNull();
        assertThat(stored.get(0).statusCode()).isEqualTo(500);
        assertThat(stored.get(1).modelUsed()).isNull();
        assertThat(stored.get(1).detection()).isEqualTo(detected("wavespeed"));
    }

    @Test
    void insertNew_sameUserAndKeyTwice_storesOnceAndReportsDuplicate() {
        var first = log("u1", "k1", Category.VIDEO, "m", T0, 200, "1", detected("wavespeed"));
        var replay = log("u1", "k1", Category.VIDEO, "m", T0, 200, "1", detected("wavespeed"));
        var otherUser = log("u2", "k1", Category.VIDEO, "m", T0, 200, "1", detected("wavespeed"));

        assertThat(repository.insertNew(List.of(first)).get(0)).isPresent();
        List<OptionalLong> second = repository.insertNew(List.of(replay, otherUser));

        assertThat(second.get(0)).isEmpty();
        assertThat(second.get(1)).isPresent();
        assertThat(repository.count(UsageLogFilter.forUser("u1"), NONE)).isEqualTo(1);
        assertThat(repository.count(UsageLogFilter.forUser("u2"), NONE)).isEqualTo(1);
    }

    @Test
    void find_returnsNewestFirstAndContinuesAfterKeyset() {
        for (int i = 0; i < 5; i++) {
            repository.insertNew(List.of(log("u1", "k" + i, Category.GEMINI, "gemini-2.5-flash",
                    T0.plusSeconds(i), 200, "0.01", detected("google"))));
        }
        // Two rows with the same timestamp are ordered by id.
        repository.insertNew(List.of(log("u1", "same", Category.GEMINI, "g", T0.plusSeconds(4), 200, "0.01",
                detected("google"))));

        List<UsageLog> first = repository.find(UsageLogFilter.forUser("u1"), NONE, null, 0, 3);
        assertThat(first).extracting(UsageLog::idempotencyKey).containsExactly("same", "k4", "k3");
        UsageLog last = first.get(2);
        List<UsageLog> next = repository.find(UsageLogFilter.forUser("u1"), NONE, new Keyset(last.timestamp(), last.id()), 0, 3);
        assertThat(next).extracting(UsageLog::idempotencyKey).containsExactly("k2", "k1", "k0");
        assertThat(repository.find(UsageLogFilter.forUser("u1"), NONE, null, 4, 10))
                .extracting(UsageLog::idempotencyKey).containsExactly("k1", "k0");
    }

    @Test
    void find_filtersByEachCriterion() {
        repository.insertNew(List.of(
                log("u1", "a", Category.VIDEO, "wan", T0, 200, "0.5", detected("wavespeed")),
                log("u1", "b", Category.VIDEO, "veo", T0.plusSeconds(1), 500, "0", detected("google")),
                log("u1", "c", Category.GEMINI, "gemini", Instant.parse("2026-11-02T00:00:00Z"), 429, "0", detected("google")),
                log("u2", "d", Category.VIDEO, "wan", T0, 200, "0.5", detected("wavespeed"))));
        UsageLogFilter u1 = UsageLogFilter.forUser("u1");

        assertThat(keys(u1.withActualProvider("google"))).containsExactly("c", "b");
        assertThat(keys(new UsageLogFilter("u1", null, Category.VIDEO, null, null, null, null, null))).containsExactly("b", "a");
        assertThat(keys(new UsageLogFilter("u1", null, null, UsageLogFilter.CallStatus.FAILED, null, null, null, null))).containsExactly("c", "b");
        assertThat(keys(new UsageLogFilter("u1", null, null, UsageLogFilter.CallStatus.SUCCESS, null, null, null, null))).containsExactly("a");
        assertThat(keys(new UsageLogFilter("u1", null, null, null, 429, null, null, null))).containsExactly("c");
        assertThat(keys(new UsageLogFilter("u1", null, null, null, null, "2026-10", null, null))).containsExactly("b", "a");
        assertThat(keys(new UsageLogFilter("u1", null, null, null, null, null, T0.plusSeconds(1), null))).containsExactly("c", "b");
        assertThat(keys(new UsageLogFilter("u1", null, null, null, null, null, null, T0.plusSeconds(1)))).containsExactly("a");
        assertThat(repository.count(u1, NONE)).isEqualTo(3);
    }

    @Test
    void isEmpty_tellsWhetherAnyRowExists() {
        assertThat(repository.isEmpty()).isTrue();
        repository.insertNew(List.of(log("u1", "a", Category.VIDEO, "wan", T0, 200, "0.5", null)));
        assertThat(repository.isEmpty()).isFalse();
        assertThat(repository.find(UsageLogFilter.forUser("u1"), NONE, null, 0, 1).get(0).detection()).isNull();
    }

    private List<String> keys(UsageLogFilter filter) {
        return repository.find(filter, NONE, null, 0, 100).stream().map(UsageLog::idempotencyKey).toList();
    }

    @Test
    void legacyRows_areFilteredAndGroupedByTheirAttributedProvider() {
        repository.insertNew(List.of(
                log("u1", "stored", Category.VIDEO, "wan", T0, 200, "0.5", detected("wavespeed")),
                log("u1", "legacy-veo", Category.VIDEO, "veo", T0.plusSeconds(1), 200, "2", null),
                log("u1", "legacy-wan", Category.VIDEO, "wan", T0.plusSeconds(2), 200, "0.25", null)));
        UsageLogFilter u1 = UsageLogFilter.forUser("u1");

        List<LegacyAttribution.CallSignature> signatures = repository.undetectedSignatures(u1.withActualProvider("google"));
        assertThat(signatures).containsExactlyInAnyOrder(
                new LegacyAttribution.CallSignature("video", "veo", "/v1/endpoint"),
                new LegacyAttribution.CallSignature("video", "wan", "/v1/endpoint"));
        LegacyAttribution attribution = new LegacyAttribution(java.util.Map.of(
                new LegacyAttribution.CallSignature("video", "veo", "/v1/endpoint"), "google",
                new LegacyAttribution.CallSignature("video", "wan", "/v1/endpoint"), "wavespeed"));

        assertThat(repository.find(u1.withActualProvider("wavespeed"), attribution, null, 0, 10))
                .extracting(UsageLog::idempotencyKey).containsExactly("legacy-wan", "stored");
        assertThat(repository.count(u1.withActualProvider("google"), attribution)).isEqualTo(1);
        assertThat(repository.count(u1.withActualProvider("google"), NONE)).isZero();

        List<org.usagelens.domain.model.UsageAggregate> aggregates = aggregates(u1, attribution, LatencyPrecision.SKETCHED);
        assertThat(aggregates).filteredOn(a -> a.provider() == null).singleElement().satisfies(total -> {
            assertThat(total.calls()).isEqualTo(3);
            assertThat(total.cost()).isEqualByComparingTo("2.75");
        });
        assertThat(aggregates).filteredOn(a -> "wavespeed".equals(a.provider()) && a.category() == null).singleElement()
                .satisfies(w -> {
                    assertThat(w.calls()).isEqualTo(2);
                    assertThat(w.cost()).isEqualByComparingTo("0.75");
                });
        assertThat(aggregates).filteredOn(a -> "google".equals(a.provider()) && "video".equals(a.category())).hasSize(1);
    }

    @Test
    void aggregate_sumsCountsAndComputesContinuousPercentiles() {
        for (int i = 0; i < 4; i++) {
            var l = log("u1", "k" + i, Category.GEMINI, "gemini", T0.plusSeconds(i), i == 3 ? 500 : 200, "0.1", detected("google"));
            var e = l.event();
            repository.insertNew(List.of(new org.usagelens.domain.model.NewUsageLog(new org.usagelens.domain.model.UsageEvent(
                    e.idempotencyKey(), e.userId(), e.category(), e.modelUsed(), e.endpoint(), e.method(), e.tokens(),
                    e.costs(), (double) (i + 1),
                    e.statusCode(), e.timestamp(), e.billingPeriod(), e.errorMessage(), e.retryCount(), e.requestSize(),
                    e.responseSize(), e.userAgent(), e.ipAddress(), null), l.detection())));
        }
        var google = aggregates(UsageLogFilter.forUser("u1"), NONE, LatencyPrecision.EXACT).stream()
                .filter(a -> "google".equals(a.provider()) && a.category() == null).findFirst().orElseThrow();
        assertThat(google.calls()).isEqualTo(4);
        assertThat(google.successfulCalls()).isEqualTo(3);
        assertThat(google.tokensInput()).isEqualTo(java.math.BigInteger.valueOf(40));
        assertThat(google.tokensOutput()).isEqualTo(java.math.BigInteger.valueOf(80));
        assertThat(google.cost()).isEqualByComparingTo("0.4");
        assertThat(google.latencyP50()).isEqualTo(2.5);
        assertThat(google.latencyP95()).isCloseTo(3.85, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(analytics.analytics(UsageLogFilter.forUser("u1"), NONE, LatencyPrecision.EXACT).latencyRelativeError())
                .isZero();

        var sketched = analytics.analytics(UsageLogFilter.forUser("u1"), NONE, LatencyPrecision.SKETCHED);
        assertThat(sketched.latencyRelativeError()).isEqualTo(0.01);
        var estimated = sketched.aggregates().stream()
                .filter(a -> "google".equals(a.provider()) && a.category() == null).findFirst().orElseThrow();
        assertThat(estimated.latencyP50()).isCloseTo(2.5, org.assertj.core.data.Percentage.withPercentage(1))
                .isNotEqualTo(2.5); // estimated, not read from the rows
        assertThat(estimated.latencyP95()).isCloseTo(3.85, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(estimated.calls()).isEqualTo(4);
        assertThat(estimated.cost()).isEqualByComparingTo("0.4");
    }

    @Test
    void daily_groupsByUtcDayAndProvider() {
        repository.insertNew(List.of(
                log("u1", "a", Category.VIDEO, "wan", Instant.parse("2026-10-01T23:59:59Z"), 200, "0.5", detected("wavespeed")),
                log("u1", "b", Category.VIDEO, "wan", Instant.parse("2026-10-02T00:00:00Z"), 200, "0.5", detected("wavespeed")),
                log("u1", "c", Category.VIDEO, "wan", Instant.parse("2026-10-02T10:00:00Z"), 200, "0.25", detected("wavespeed")),
                log("u1", "d", Category.GEMINI, "g", Instant.parse("2026-10-02T10:00:00Z"), 200, "1", detected("google"))));
        assertThat(analytics.analytics(UsageLogFilter.forUser("u1"), NONE, LatencyPrecision.SKETCHED).daily()).containsExactly(
                new org.usagelens.domain.model.DailyAggregate(java.time.LocalDate.parse("2026-10-01"), "wavespeed", 1, new BigDecimal("0.5")),
                new org.usagelens.domain.model.DailyAggregate(java.time.LocalDate.parse("2026-10-02"), "google", 1, new BigDecimal("1")),
                new org.usagelens.domain.model.DailyAggregate(java.time.LocalDate.parse("2026-10-02"), "wavespeed", 2, new BigDecimal("0.75")));
    }

    @Test
    void monthly_sumsStoredProvidersPerPeriod_andGroupsRowsWithoutOneBySignature() {
        repository.insertNew(List.of(
                log("u1", "m1", Category.VIDEO, "wan", Instant.parse("2026-12-31T23:59:59.999999Z"), 200, "1.5", detected("wavespeed")),
                log("u1", "m2", Category.VIDEO, "wan", Instant.parse("2027-01-01T00:00:00Z"), 500, "0.25", detected("wavespeed")),
                log("u1", "m3", Category.VIDEO, "wan", Instant.parse("2027-01-02T00:00:00Z"), 200, "0.25", detected("wavespeed")),
                log("u1", "m4", Category.GEMINI, "gemini-2.5-flash", Instant.parse("2027-01-03T00:00:00Z"), 200, "0.1", detected("google")),
                log("u1", "m5", Category.VIDEO, "legacy-model", Instant.parse("2027-01-04T00:00:00Z"), 200, "2", null),
                log("u1", "m6", Category.VIDEO, "legacy-model", Instant.parse("2027-01-05T00:00:00Z"), 200, "3", null),
                log("u1", "m7", Category.VIDEO, "wan", Instant.parse("2027-02-01T00:00:00Z"), 200, "9", detected("wavespeed")),
                log("u2", "m8", Category.VIDEO, "wan", Instant.parse("2027-01-10T00:00:00Z"), 200, "9", detected("wavespeed"))));

        var months = analytics.monthly("u1", "2026-12", "2027-01");

        assertThat(months).hasSize(4);
        assertThat(months).filteredOn(m -> "2026-12".equals(m.billingPeriod())).singleElement().satisfies(m -> {
            assertThat(m.provider()).isEqualTo("wavespeed");
            assertThat(m.calls()).isEqualTo(1);
            assertThat(m.cost()).isEqualByComparingTo("1.5");
        });
        assertThat(months).filteredOn(m -> "2027-01".equals(m.billingPeriod()) && "wavespeed".equals(m.provider()))
                .singleElement().satisfies(m -> {
                    assertThat(m.calls()).isEqualTo(2); // a failed call is a call
                    assertThat(m.cost()).isEqualByComparingTo("0.5");
                });
        assertThat(months).filteredOn(m -> m.provider() == null).singleElement().satisfies(m -> {
            assertThat(m.signature()).isEqualTo(new LegacyAttribution.CallSignature("video", "legacy-model", "/v1/endpoint"));
            assertThat(m.calls()).isEqualTo(2);
            assertThat(m.cost()).isEqualByComparingTo("5");
        });
        assertThat(analytics.monthly("u1", "2027-03", "2027-12")).isEmpty();
    }

    @Test
    void costProvenanceAndUnits_roundTripExactly() {
        var base = log("u1", "p1", Category.VIDEO, "wavespeed-ai/wan-2.5/t2v", T0, 200, "0", detected("wavespeed"));
        var event = new org.usagelens.domain.model.UsageEvent(base.event().idempotencyKey(), "u1", Category.VIDEO,
                base.event().modelUsed(), "/v", "POST", org.usagelens.domain.model.Tokens.UNKNOWN,
                org.usagelens.domain.model.Costs.UNKNOWN, 41.5, 200, T0, "2026-10", null,
                null, null, null, null, null, null,
                org.usagelens.domain.pricing.Units.of(java.util.Map.of("video_second", new BigDecimal("5.25"), "image", 2L)));
        var catalog = new org.usagelens.domain.model.StoredCost(new BigDecimal("0"), new BigDecimal("0"),
                new BigDecimal("0.52500000000000000001"), org.usagelens.domain.model.CostSource.CATALOG, null, "p0123456789ab",
                new BigDecimal("0.52500000000000000001"));
        var unpricedEvent = log("u1", "p2", Category.AUDIO, "mystery-model", T0.plusSeconds(1), 200, "0", detected("wavespeed"));
        var unpriced = new org.usagelens.domain.model.StoredCost(null, null, null, org.usagelens.domain.model.CostSource.UNPRICED,
                "no_price", "p0123456789ab", null);
        repository.insertNew(List.of(new org.usagelens.domain.model.NewUsageLog(event, detected("wavespeed"), catalog),
                new org.usagelens.domain.model.NewUsageLog(unpricedEvent.event(), detected("wavespeed"), unpriced)));

        List<UsageLog> stored = repository.find(UsageLogFilter.forUser("u1"), NONE, null, 0, 10);
        UsageLog priced = stored.stream().filter(l -> l.idempotencyKey().equals("p1")).findFirst().orElseThrow();
        assertThat(priced.costTotal()).isEqualTo(new BigDecimal("0.52500000000000000001"));
        assertThat(priced.tokensInput()).isNull();
        assertThat(priced.provenance().costSource()).isEqualTo(org.usagelens.domain.model.CostSource.CATALOG);
        assertThat(priced.provenance().priceVersion()).isEqualTo("p0123456789ab");
        assertThat(priced.provenance().catalogCostTotal()).isEqualTo(new BigDecimal("0.52500000000000000001"));
        assertThat(priced.provenance().units().get(org.usagelens.domain.pricing.PriceUnit.VIDEO_SECOND)).isEqualByComparingTo("5.25");
        assertThat(priced.provenance().units().get(org.usagelens.domain.pricing.PriceUnit.IMAGE)).isEqualByComparingTo("2");
        UsageLog none = stored.stream().filter(l -> l.idempotencyKey().equals("p2")).findFirst().orElseThrow();
        assertThat(none.costTotal()).isNull();
        assertThat(none.provenance().costSource()).isEqualTo(org.usagelens.domain.model.CostSource.UNPRICED);
        assertThat(none.provenance().unpricedReason()).isEqualTo("no_price");
        assertThat(none.provenance().units().isEmpty()).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ model usage

    /** A call of u1 with the cost and catalog figure given (null cost: unpriced; null catalog: not priced by it). */
    private static org.usagelens.domain.model.NewUsageLog call(String key, Instant at, String provider, Category category,
            String model, int status, Long tokensIn, Long tokensOut, java.util.Map<String, ?> units, String cost,
            String catalogCost, double latency) {
        var event = new org.usagelens.domain.model.UsageEvent(key, "u1", category, model, "/v", "POST",
                new org.usagelens.domain.model.Tokens(tokensIn, tokensOut, null),
                new org.usagelens.domain.model.Costs(null, null, cost == null ? null : new BigDecimal(cost)), latency, status, at,
                java.time.YearMonth.from(at.atOffset(java.time.ZoneOffset.UTC)).toString(), status >= 400 ? "boom" : null,
                null, null, null, null, null, null, org.usagelens.domain.pricing.Units.of(units));
        var source = cost == null ? org.usagelens.domain.model.CostSource.UNPRICED
                : catalogCost != null && catalogCost.equals(cost) ? org.usagelens.domain.model.CostSource.CATALOG
                : org.usagelens.domain.model.CostSource.CLIENT;
        var stored = new org.usagelens.domain.model.StoredCost(null, null, cost == null ? null : new BigDecimal(cost), source,
                cost == null ? "unknown_quantity" : null, "p0123456789ab", catalogCost == null ? null : new BigDecimal(catalogCost));
        return new org.usagelens.domain.model.NewUsageLog(event, provider == null ? null : detected(provider), stored);
    }

    private static final java.time.LocalDate D1 = java.time.LocalDate.parse("2026-10-01");
    private static final java.time.LocalDate D2 = java.time.LocalDate.parse("2026-10-02");
    private static final java.time.LocalDate D3 = java.time.LocalDate.parse("2026-10-03");

    private void insertModelUsageCalls() {
        Instant d1 = D1.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        Instant d2 = d1.plus(java.time.Duration.ofDays(1));
        Instant d3 = d2.plus(java.time.Duration.ofDays(1));
        java.util.Map<String, Object> none = java.util.Map.of();
        repository.insertNew(List.of(
                // D1, groq, one model, 200: two priced calls in two categories, one without output tokens (unpriced)
                call("a", d1.plusSeconds(3600), "groq", Category.MISTRAL, "llama-3.3-70b-versatile", 200, 1000L, 200L, none,
                        "0.000748", "0.000748", 1.0),
                call("b", d1.plusSeconds(7200), "groq", Category.OPENAI, "llama-3.3-70b-versatile", 200, 3000L, 100L, none,
                        "0.5", "0.001849", 2.0),
                call("c", d1.plusSeconds(9000), "groq", Category.MISTRAL, "llama-3.3-70b-versatile", 200, 500L, null, none,
                        null, null, 3.0),
                // D1, the same model failing
                call("d", d1.plusSeconds(10_000), "groq", Category.MISTRAL, "llama-3.3-70b-versatile", 500, 400L, 0L, none,
                        "0.000236", "0.000236", 30.0),
                // D1, images: priced with units, in the last second of the day
                call("e", d2.minusMillis(1), "fal", Category.STABILITY, "fal-ai/flux/dev", 200, null, null,
                        java.util.Map.of("image", 2), "0.05", "0.05", 4.0),
                // D2: no provider, and no model
                call("f", d2.plusSeconds(60), null, Category.VIDEO, "wan", 200, null, null, none, "0.5", null, 40.0),
                call("g", d2.plusSeconds(120), "wavespeed", Category.VIDEO, null, 200, null, null,
                        java.util.Map.of("video_second", new BigDecimal("5.5")), "0.55", null, 41.0),
                // D3: the images again, at its first instant
                call("h", d3, "fal", Category.STABILITY, "fal-ai/flux/dev", 200, null, null, java.util.Map.of("image", 1),
                        "0.025", "0.025", 5.0),
                // another user, never counted
                log("u2", "x", Category.VIDEO, "wan", d1, 200, "9", detected("wavespeed"))));
    }

    private static org.usagelens.domain.model.ModelUsage group(List<org.usagelens.domain.model.ModelUsage> usage,
            java.time.LocalDate day, String provider, String model, int status) {
        return usage.stream().filter(u -> u.day().equals(day) && java.util.Objects.equals(u.provider(), provider)
                && java.util.Objects.equals(u.model(), model) && u.statusCode() == status).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + day + " " + provider + " " + model + " " + status + " in " + usage));
    }

    @Test
    void modelUsage_groupsByDayProviderModelAndStatus_withTheCatalogPricedCallsApart() {
        insertModelUsageCalls();
        var usage = analytics.modelUsage(UsageLogFilter.forUser("u1"));

        assertThat(usage).hasSize(6);
        var llama = group(usage, D1, "groq", "llama-3.3-70b-versatile", 200);
        assertThat(llama.calls()).isEqualTo(3);
        assertThat(llama.unpricedCalls()).isEqualTo(1);
        assertThat(llama.cost()).isEqualByComparingTo("0.500748");
        assertThat(llama.quantities().get(org.usagelens.domain.pricing.PriceUnit.INPUT_TOKEN)).isEqualByComparingTo("4500");
        assertThat(llama.quantities().get(org.usagelens.domain.pricing.PriceUnit.OUTPUT_TOKEN)).isEqualByComparingTo("300");
        // the priced part: exactly the two calls the catalog priced, whatever the categories
        assertThat(llama.pricedCalls()).isEqualTo(2);
        assertThat(llama.pricedCost()).isEqualByComparingTo("0.500748");
        assertThat(llama.pricedQuantities().get(org.usagelens.domain.pricing.PriceUnit.INPUT_TOKEN)).isEqualByComparingTo("4000");
        assertThat(llama.pricedQuantities().get(org.usagelens.domain.pricing.PriceUnit.OUTPUT_TOKEN)).isEqualByComparingTo("300");
        assertThat(llama.latencies().count()).isEqualTo(3);
        assertThat(llama.latencies().percentile(0.5)).isCloseTo(2.0, org.assertj.core.data.Percentage.withPercentage(1));

        var failed = group(usage, D1, "groq", "llama-3.3-70b-versatile", 500);
        assertThat(failed.calls()).isEqualTo(1);
        assertThat(failed.pricedCalls()).isEqualTo(1);
        assertThat(failed.successful()).isFalse();

        var images = group(usage, D1, "fal", "fal-ai/flux/dev", 200);
        assertThat(images.pricedCalls()).isEqualTo(1);
        assertThat(images.pricedQuantities().get(org.usagelens.domain.pricing.PriceUnit.IMAGE)).isEqualByComparingTo("2");
        assertThat(images.pricedQuantities().get(org.usagelens.domain.pricing.PriceUnit.INPUT_TOKEN)).isEqualByComparingTo("0");
        assertThat(group(usage, D3, "fal", "fal-ai/flux/dev", 200).pricedQuantities()
                .get(org.usagelens.domain.pricing.PriceUnit.IMAGE)).isEqualByComparingTo("1");

        var noProvider = group(usage, D2, null, "wan", 200);
        assertThat(noProvider.pricedCalls()).isZero();
        assertThat(noProvider.cost()).isEqualByComparingTo("0.5");
        var noModel = group(usage, D2, "wavespeed", null, 200);
        assertThat(noModel.quantities().get(org.usagelens.domain.pricing.PriceUnit.VIDEO_SECOND)).isEqualByComparingTo("5.5");
        assertThat(noModel.pricedQuantities().isEmpty()).isTrue();

        // compaction folds the pending latency sketches in and changes nothing a read gives
        analytics.compactLatencySketches(1000);
        var compacted = analytics.modelUsage(UsageLogFilter.forUser("u1"));
        assertThat(compacted).hasSize(6);
        assertThat(group(compacted, D1, "groq", "llama-3.3-70b-versatile", 200)).isEqualTo(llama);
    }

    @Test
    void modelUsage_ofAWindowOfInstants_readsWholeDaysAndThePartsAtItsEnds_alike() {
        insertModelUsageCalls();
        Instant d1 = D1.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        // From 02:00 on D1 (the first call is left out) to the first instant of D3 inclusive.
        var window = new UsageLogFilter("u1", null, null, null, null, null, d1.plusSeconds(7200),
                d1.plus(java.time.Duration.ofDays(2)).plusMillis(1));
        var usage = analytics.modelUsage(window);

        assertThat(usage).hasSize(6);
        var llama = group(usage, D1, "groq", "llama-3.3-70b-versatile", 200);
        assertThat(llama.calls()).isEqualTo(2);
        assertThat(llama.pricedCalls()).isEqualTo(1);
        assertThat(llama.pricedCost()).isEqualByComparingTo("0.5");
        assertThat(llama.pricedQuantities().get(org.usagelens.domain.pricing.PriceUnit.INPUT_TOKEN)).isEqualByComparingTo("3000");
        assertThat(group(usage, D1, "fal", "fal-ai/flux/dev", 200).pricedCalls()).isEqualTo(1);
        assertThat(group(usage, D3, "fal", "fal-ai/flux/dev", 200).pricedQuantities()
                .get(org.usagelens.domain.pricing.PriceUnit.IMAGE)).isEqualByComparingTo("1");
        // a window inside one day, and the day itself as a window, give that day's groups
        var inside = analytics.modelUsage(new UsageLogFilter("u1", null, null, null, null, null, d1.plusSeconds(3000),
                d1.plusSeconds(9500)));
        assertThat(inside).hasSize(1);
        assertThat(inside.get(0).calls()).isEqualTo(3);
        assertThat(inside.get(0).pricedCalls()).isEqualTo(2);
        var wholeDay = analytics.modelUsage(new UsageLogFilter("u1", null, null, null, null, null, d1,
                d1.plus(java.time.Duration.ofDays(1))));
        assertThat(wholeDay).hasSize(3);
        assertThat(group(wholeDay, D1, "groq", "llama-3.3-70b-versatile", 200))
                .isEqualTo(group(analytics.modelUsage(UsageLogFilter.forUser("u1")), D1, "groq", "llama-3.3-70b-versatile", 200));
        assertThat(analytics.modelUsage(new UsageLogFilter("u1", null, null, null, null, "2026-09", null, null))).isEmpty();
    }
}
