package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.Costs;
import org.usagelens.domain.model.Tokens;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.ProviderRecommendations;
import org.usagelens.domain.model.ProviderRecommendations.Basis;
import org.usagelens.domain.model.ProviderRecommendations.Flag;
import org.usagelens.domain.model.ProviderRecommendations.Reason;
import org.usagelens.domain.model.ProviderRecommendations.Recommendation;
import org.usagelens.domain.model.ProviderRecommendations.Verdict;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.RecommendProvidersUseCase;
import org.usagelens.domain.port.in.RecommendProvidersUseCase.RecommendationQuery;
import org.usagelens.domain.pricing.PriceCatalog;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.domain.pricing.Pricer;
import org.usagelens.domain.pricing.Units;
import org.usagelens.domain.testing.InMemoryUsageLogRepository;
import org.usagelens.domain.testing.TestUsageEvents;

class RecommendProvidersServiceTest {
    private static final ProviderDetector DETECTOR = ProviderDetector.builtIn();
    private static final Instant NOV_5 = Instant.parse("2026-11-05T10:00:00Z");
    private static final Instant NOV_15 = Instant.parse("2026-11-15T10:00:00Z");
    private static final String LLAMA_TOGETHER = "meta-llama/Llama-3.3-70B-Instruct-Turbo";
    private static final String LLAMA_GROQ = "llama-3.3-70b-versatile";

    private final InMemoryUsageLogRepository repository = new InMemoryUsageLogRepository();
    private final List<NewUsageLog> logs = new ArrayList<>();
    private int keys;

    private RecommendProvidersService service(PriceCatalog catalog) {
        return new RecommendProvidersService(repository, catalog, new DetectionOnRead(DETECTOR));
    }

    private ProviderRecommendations recommend(PriceCatalog catalog, String minSavings) {
        repository.insertNew(logs);
        logs.clear();
        return service(catalog).recommend(new RecommendationQuery(
                new UsageLogFilter("u1", null, null, null, null, "2026-11", null, null), new BigDecimal(minSavings)));
    }

    /** A call of u1 stored as ingestion stores it: priced by {@code catalog} unless the client gave a cost. */
    private void call(PriceCatalog catalog, String provider, Category category, String model, Instant at, Long tokensIn,
                      Long tokensOut, Map<String, ?> units, String clientCost, int status, double seconds) {
        UsageEvent event = new UsageEvent("k" + keys++, "u1", category, model, "/v1/endpoint", "POST",
                new Tokens(tokensIn, tokensOut, null), clientCost == null ? Costs.UNKNOWN
                        : new Costs(BigDecimal.ZERO, new BigDecimal(clientCost), new BigDecimal(clientCost)), seconds, status, at,
                YearMonth.from(at.atOffset(ZoneOffset.UTC)).toString(), status >= 400 ? "boom" : null, 0, null, null,
                null, null, null, Units.of(units));
        var detection = TestUsageEvents.detected(provider);
        logs.add(new NewUsageLog(event, detection, Costing.cost(new Pricer(catalog), event, detection)));
    }

    /** {@code n} calls of 1M input and 200k output tokens of Llama 3.3 70B on Together ($0.88/$0.88 per million). */
    private void llamaOnTogether(int n, PriceCatalog catalog) {
        for (int i = 0; i < n; i++) {
            call(catalog, "together", Category.OPENAI, LLAMA_TOGETHER, NOV_5.plusSeconds(i), 1_000_000L, 200_000L, Map.of(),
                    null, 200, 1.0);
        }
    }

    private static Recommendation to(ProviderRecommendations r, String provider) {
        return r.recommendations().stream().filter(x -> x.toProvider().equals(provider)).findFirst()
                .orElseThrow(() -> new AssertionError("no switch to " + provider + " in " + r.recommendations()));
    }

    @Test
    void theSameModelCheaperElsewhere_isRecommended_withExactSavingsSortedLargestFirst_andThePricesUsed() {
        PriceCatalog catalog = PriceCatalog.builtIn();
        llamaOnTogether(10, catalog);

        ProviderRecommendations r = recommend(catalog, "1.00");

        // Together: 10 x (1M x 0.88 + 200k x 0.88) / 1M = $10.56. Groq and Groq through the HF router: 10 x (0.59 +
        // 0.158) = $7.48; Bedrock: 10 x (0.72 + 0.144) = $8.64; Fireworks ($0.90/$0.90) costs more.
        assertThat(r.recommendations()).extracting(Recommendation::toProvider).containsExactly("groq", "huggingface", "bedrock");
        Recommendation groq = r.recommendations().get(0);
        assertThat(groq.basis()).isEqualTo(Basis.CATALOG);
        assertThat(groq.model()).isEqualTo("llama-3.3-70b-instruct");
        assertThat(groq.fromProvider()).isEqualTo("together");
        assertThat(groq.fromModels()).containsExactly(LLAMA_TOGETHER);
        assertThat(groq.toModels()).containsExactly(LLAMA_GROQ);
        assertThat(groq.calls()).isEqualTo(10);
        assertThat(groq.units()).containsEntry(PriceUnit.INPUT_TOKEN, new BigDecimal("10000000"))
                .containsEntry(PriceUnit.OUTPUT_TOKEN, new BigDecimal("2000000"));
        assertThat(groq.currentCost()).isEqualTo(new BigDecimal("10.56"));
        assertThat(groq.estimatedCost()).isEqualTo(new BigDecimal("7.48"));
        assertThat(groq.estimatedSavings()).isEqualTo(new BigDecimal("3.08"));
        assertThat(groq.savingsRatio()).isEqualByComparingTo("0.2916666667");
        assertThat(groq.verdict()).isEqualTo(Verdict.UNTESTED); // no call of the user's on Groq yet
        assertThat(groq.evidence().to()).isNull();
        assertThat(groq.evidence().from().calls()).isEqualTo(10);
        assertThat(groq.evidence().from().successRate()).isEqualByComparingTo("1");
        assertThat(groq.evidence().alternativePrices()).extracting(p -> p.unit() + "=" + p.usdPerUnit().toPlainString())
                .containsExactly("input_token=0.00000059", "output_token=0.00000079");
        assertThat(groq.evidence().currentPrices()).extracting(p -> p.provider() + ":" + p.unit())
                .containsExactly("together:input_token", "together:output_token");
        assertThat(to(r, "bedrock").estimatedSavings()).isEqualTo(new BigDecimal("1.92"));
        assertThat(r.coverage().calls()).isEqualTo(10);
        assertThat(r.coverage().comparedCalls()).isEqualTo(10);
        assertThat(r.coverage().notCompared()).isEmpty();
        assertThat(r.priceVersion()).isEqualTo(catalog.priceVersion());

        // Nothing below the threshold: Bedrock's $1.92 goes at $2, everything at $3.10.
        llamaOnTogether(0, catalog);
        assertThat(service(catalog).recommend(new RecommendationQuery(UsageLogFilter.forUser("u1"), new BigDecimal("2")))
                .recommendations()).extracting(Recommendation::toProvider).containsExactly("groq", "huggingface");
        assertThat(service(catalog).recommend(new RecommendationQuery(UsageLogFilter.forUser("u1"), new BigDecimal("3.10")))
                .recommendations()).isEmpty();
    }

    @Test
    void aCheaperProviderWhoseCallsFailMoreOften_isFlagged_notRecommended() {
        PriceCatalog catalog = PriceCatalog.builtIn();
        llamaOnTogether(30, catalog);
        for (int i = 0; i < 30; i++) { // half of them fail on Groq
            call(catalog, "groq", Category.OPENAI, LLAMA_GROQ, NOV_15.plusSeconds(i), 1000L, 100L, Map.of(), null,
                    i % 2 == 0 ? 200 : 503, 1.0);
        }
        ProviderRecommendations r = recommend(catalog, "1");

        Recommendation groq = to(r, "groq");
        assertThat(groq.verdict()).isEqualTo(Verdict.FLAGGED);
        assertThat(groq.flags()).containsExactly(Flag.LOWER_SUCCESS_RATE);
        assertThat(groq.evidence().to().calls()).isEqualTo(30);
        assertThat(groq.evidence().to().successRate()).isEqualByComparingTo("0.5");
        assertThat(groq.evidence().from().successRate()).isEqualByComparingTo("1");
        assertThat(to(r, "bedrock").verdict()).isEqualTo(Verdict.UNTESTED);
        // Groq's own calls are the cheapest there are: nothing to recommend for them.
        assertThat(r.recommendations()).noneMatch(x -> x.fromProvider().equals("groq"));
    }

    @Test
    void aCheaperProviderThatDoesAsWell_isRecommended_andOneThatIsSlower_isFlagged() {
        PriceCatalog catalog = PriceCatalog.builtIn();
        llamaOnTogether(30, catalog);
        for (int i = 0; i < 30; i++) {
            // one failure in 30 is within chance; latencies as Together's
            call(catalog, "groq", Category.OPENAI, LLAMA_GROQ, NOV_15.plusSeconds(i), 1000L, 100L, Map.of(), null,
                    i == 0 ? 500 : 200, 1.05);
            // Bedrock's calls succeed but take twice as long
            call(catalog, "bedrock", Category.OPENAI, "meta.llama3-3-70b-instruct-v1:0", NOV_15.plusSeconds(100 + i), 1000L,
                    100L, Map.of(), null, 200, 2.0);
        }
        ProviderRecommendations r = recommend(catalog, "1");

        assertThat(to(r, "groq").verdict()).isEqualTo(Verdict.RECOMMENDED);
        assertThat(to(r, "groq").flags()).isEmpty();
        assertThat(to(r, "groq").evidence().to().latencyP50()).isCloseTo(1.05, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(to(r, "bedrock").verdict()).isEqualTo(Verdict.FLAGGED);
        assertThat(to(r, "bedrock").flags()).containsExactly(Flag.SLOWER);
        assertThat(r.latencyRelativeError()).isEqualTo(0.01);
    }

    @Test
    void aModelNoOtherProviderPrices_recommendsNothing_andTheCoverageSaysWhy() {
        PriceCatalog catalog = PriceCatalog.builtIn();
        for (int i = 0; i < 500; i++) {
            call(catalog, "tavily", Category.TAVILY, "tavily-search", NOV_5.plusSeconds(i), null, null, Map.of("request", 1),
                    null, 200, 1.0);
        }
        call(catalog, "together", Category.OPENAI, LLAMA_TOGETHER, NOV_5, 1000L, null, Map.of(), null, 200, 1.0);
        call(catalog, "wavespeed", Category.VIDEO, "acme/unheard-of-model", NOV_5, null, null, Map.of(), "2", 200, 1.0);
        var unattributed = new UsageEvent("legacy", "u1", Category.VIDEO, "wan", "/v", "POST", Tokens.UNKNOWN,
                new Costs(null, null, new BigDecimal("1")), 1.0, 200, NOV_5, "2026-11", null, null, null, null, null, null, null);
        logs.add(new NewUsageLog(unattributed, null));

        ProviderRecommendations r = recommend(catalog, "0");

        assertThat(r.recommendations()).isEmpty();
        assertThat(r.coverage().calls()).isEqualTo(503);
        assertThat(r.coverage().comparedCalls()).isZero();
        assertThat(r.coverage().notCompared()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Reason.NO_ALTERNATIVE, 500L,
                Reason.QUANTITIES_UNKNOWN, 1L, // no output tokens: it cannot be priced anywhere
                Reason.NOT_IN_CATALOG, 1L,
                Reason.NO_PROVIDER, 1L));
    }

    @Test
    void aPriceChangeInsideThePeriod_pricesEachDayAtItsOwnPrice_andAPriceThatStartsLate_coversOnlyTheDaysAfter() {
        PriceCatalog catalog = PriceCatalog.withDeployment("test-prices.csv", new StringReader("""
                model,provider,provider_model,unit,usd_per_unit,effective_from,effective_to,source
                flux-dev,fal,fal-ai/flux/dev,image,0.025,2024-08-01,2026-11-10,
                flux-dev,fal,fal-ai/flux/dev,image,0.01,2026-11-10,,fal's cut
                flux-dev,fireworks,accounts/fireworks/models/flux-1-dev,image,0.005,2026-11-12,,new
                """), id -> DETECTOR.provider(id).isPresent());
        for (int i = 0; i < 10; i++) {
            call(catalog, "replicate", Category.STABILITY, "black-forest-labs/flux-dev", NOV_5.plusSeconds(i), null, null,
                    Map.of("image", 10), null, 200, 5.0);
            call(catalog, "replicate", Category.STABILITY, "black-forest-labs/flux-dev", NOV_15.plusSeconds(i), null, null,
                    Map.of("image", 10), null, 200, 5.0);
        }
        ProviderRecommendations r = recommend(catalog, "1");

        // 200 images at replicate's $0.025 = $5. On fal: 100 at $0.025 (before the 10th) + 100 at $0.01 = $3.50.
        Recommendation fal = to(r, "fal");
        assertThat(fal.currentCost()).isEqualTo(new BigDecimal("5"));
        assertThat(fal.estimatedCost()).isEqualTo(new BigDecimal("3.5"));
        assertThat(fal.estimatedSavings()).isEqualTo(new BigDecimal("1.5"));
        assertThat(fal.calls()).isEqualTo(20);
        assertThat(fal.callsNotPricedThere()).isZero();
        assertThat(fal.evidence().alternativePrices()).extracting(p -> p.usdPerUnit().toPlainString() + " from " + p.effectiveFrom())
                .containsExactly("0.025 from 2024-08-01", "0.01 from 2026-11-10");
        // Fireworks prices flux-dev from the 12th only: the calls of the 5th are left out, and said to be.
        Recommendation fireworks = to(r, "fireworks");
        assertThat(fireworks.calls()).isEqualTo(10);
        assertThat(fireworks.callsNotPricedThere()).isEqualTo(10);
        assertThat(fireworks.currentCost()).isEqualTo(new BigDecimal("2.5"));
        assertThat(fireworks.estimatedCost()).isEqualTo(new BigDecimal("0.5"));
        assertThat(r.recommendations()).extracting(Recommendation::toProvider).containsExactly("fireworks", "fal");
        assertThat(r.recommendations()).noneMatch(x -> x.toProvider().equals("together")); // the same price: no saving
    }

    @Test
    void anotherEndpointOfTheSameProvider_isAnAlternative_butAnAliasAtTheSamePricesIsNot() {
        PriceCatalog catalog = PriceCatalog.builtIn();
        for (int i = 0; i < 10; i++) {
            call(catalog, "huggingface", Category.MISTRAL, "openai/gpt-oss-120b:cerebras", NOV_5.plusSeconds(i), 1_000_000L,
                    1_000_000L, Map.of(), null, 200, 1.0);
            call(catalog, "openai", Category.OPENAI, "gpt-4o", NOV_5.plusSeconds(100 + i), 100_000L, 100_000L, Map.of(),
                    null, 200, 1.0);
        }
        ProviderRecommendations r = recommend(catalog, "1");

        // Cerebras through the router: $0.35/$0.75 per million; Groq through it $0.15/$0.60: 10 x $0.35 saved.
        Recommendation router = r.recommendations().stream().filter(x -> x.toProvider().equals("huggingface")).findFirst()
                .orElseThrow();
        assertThat(router.fromProvider()).isEqualTo("huggingface");
        assertThat(router.toModels()).containsExactly("openai/gpt-oss-120b:groq");
        assertThat(router.estimatedSavings()).isEqualTo(new BigDecimal("3.5"));
        // gpt-4o's dated ids and Azure's price it alike: nothing saves anything.
        assertThat(r.recommendations()).noneMatch(x -> x.model().equals("gpt-4o"));
        assertThat(r.coverage().comparedCalls()).isEqualTo(20);
    }

    @Test
    void fromObservedDataAlone_aProviderWithAClearlyLowerCostPerUnit_isRecommended_unlessItFailsMoreOften() {
        PriceCatalog catalog = PriceCatalog.builtIn();
        for (int i = 0; i < 25; i++) { // a model the catalog does not know, logged with the client's costs
            call(catalog, "together", Category.OPENAI, "acme/house-model", NOV_5.plusSeconds(i), 800L, 200L, Map.of(),
                    "0.002", 200, 1.0); // $2 per million tokens
            call(catalog, "groq", Category.OPENAI, "acme/house-model", NOV_15.plusSeconds(i), 1500L, 500L, Map.of(),
                    "0.002", 200, 1.0); // $1 per million tokens
        }
        for (int i = 0; i < 2000; i++) { // enough for the saving to pass $1
            call(catalog, "together", Category.OPENAI, "acme/house-model", NOV_5.plusSeconds(1000 + i), 800L, 200L, Map.of(),
                    "0.002", 200, 1.0);
        }
        ProviderRecommendations r = recommend(catalog, "1");

        assertThat(r.recommendations()).hasSize(1);
        Recommendation observed = r.recommendations().get(0);
        assertThat(observed.basis()).isEqualTo(Basis.OBSERVED);
        assertThat(observed.verdict()).isEqualTo(Verdict.RECOMMENDED);
        assertThat(observed.model()).isEqualTo("acme/house-model");
        assertThat(observed.fromProvider()).isEqualTo("together");
        assertThat(observed.toProvider()).isEqualTo("groq");
        assertThat(observed.calls()).isEqualTo(2025);
        // 2025 calls x 1000 tokens at groq's observed $0.000001 per token
        assertThat(observed.currentCost()).isEqualTo(new BigDecimal("4.05"));
        assertThat(observed.estimatedCost()).isEqualByComparingTo("2.025");
        assertThat(observed.estimatedSavings()).isEqualByComparingTo("2.025");
        assertThat(observed.evidence().rateUnit()).isEqualTo("token");
        assertThat(observed.evidence().from().costPerUnit()).isEqualByComparingTo("0.000002");
        assertThat(observed.evidence().to().costPerUnit()).isEqualByComparingTo("0.000001");
        assertThat(observed.evidence().alternativePrices()).isEmpty();
        assertThat(r.coverage().notCompared()).containsEntry(Reason.NOT_IN_CATALOG, 2050L);

        // The same, with Groq failing a third of its calls: no longer recommended at all.
        for (int i = 0; i < 15; i++) {
            call(catalog, "groq", Category.OPENAI, "acme/house-model", NOV_15.plusSeconds(100 + i), 1500L, 0L, Map.of(),
                    "0", 500, 1.0);
        }
        assertThat(recommend(catalog, "1").recommendations()).isEmpty();
    }

    @Test
    void anEmptyWindow_hasNoRecommendations_andZeroCoverage() {
        ProviderRecommendations r = recommend(PriceCatalog.builtIn(), "1");
        assertThat(r.recommendations()).isEmpty();
        assertThat(r.coverage().calls()).isZero();
        assertThat(r.coverage().notCompared()).isEmpty();
        assertThat(r.minSavings()).isEqualByComparingTo("1");
    }

    @Test
    void theThreshold_isADecimalFromZeroToABillion() {
        UsageLogFilter f = UsageLogFilter.forUser("u1");
        assertThatThrownBy(() -> new RecommendationQuery(f, new BigDecimal("-0.01"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecommendationQuery(f, new BigDecimal("1000000000.01"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RecommendationQuery(f, new BigDecimal("0.00000000001"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RecommendationQuery(f, RecommendProvidersUseCase.MAX_MIN_SAVINGS).minSavings()).isEqualByComparingTo("1e9");
    }

    @Test
    void successRates_areWorseOnlyByMoreThanTheMarginAndBeyondChance() {
        assertThat(RecommendProvidersService.lowerSuccessRate(30, 30, 15, 30)).isTrue();
        assertThat(RecommendProvidersService.lowerSuccessRate(30, 30, 29, 30)).isFalse(); // one failure in 30: chance
        assertThat(RecommendProvidersService.lowerSuccessRate(3, 3, 2, 3)).isFalse(); // too few calls to tell
        assertThat(RecommendProvidersService.lowerSuccessRate(99_500, 100_000, 99_000, 100_000)).isFalse(); // 0.5 points
        assertThat(RecommendProvidersService.lowerSuccessRate(99_500, 100_000, 98_000, 100_000)).isTrue();
        assertThat(RecommendProvidersService.lowerSuccessRate(0, 0, 0, 10)).isFalse();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"2026-11-18T10:15:30Z", "2027-03-01T00:00:20Z",
            "2027-04-30T23:59:10Z", "2026-12-31T23:59:00Z", "2028-02-29T23:58:00Z"}) // the end-to-end test's instants
    void theDemoData_givesTheDemoUserARealRecommendation_overTheLast30Days(String instant) {
        Instant now = Instant.parse(instant);
        new SeedDemoDataService(repository, new DemoData(DETECTOR), java.time.Clock.fixed(now, ZoneOffset.UTC)).seed();
        java.time.LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        UsageLogFilter last30Days = new UsageLogFilter(DemoData.DEMO_USER, null, null, null, null, null,
                today.minusDays(29).atStartOfDay(ZoneOffset.UTC).toInstant(), today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());

        ProviderRecommendations r = service(PriceCatalog.builtIn()).recommend(
                new RecommendationQuery(last30Days, RecommendProvidersUseCase.DEFAULT_MIN_SAVINGS));

        assertThat(r.recommendations()).extracting(x -> x.model() + ": " + x.fromProvider() + " -> " + x.toProvider())
                .contains("stable-image-ultra: bedrock -> stability");
        assertThat(r.coverage().comparedCalls()).isPositive();
    }
}
