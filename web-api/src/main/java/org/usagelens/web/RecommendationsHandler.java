package org.usagelens.web;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.ProviderRecommendations;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.RecommendProvidersUseCase;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.web.AnalyticsHandler.PeriodBody;
import org.usagelens.web.PricesHandler.PriceBody;

/**
 * {@code GET /api/subscription/provider-recommendations}: the switches of provider that would have made the same
 * calls cheaper, for a billing period (default: the current one) or a {@code from}/{@code to} range, with what each
 * would have saved and the evidence (the prices used, and how each provider served the user's own calls).
 */
final class RecommendationsHandler {
    static final String MIN_SAVINGS = "min_savings";
    private static final Set<String> PARAMS = Set.of("billing_period", "from", "to", "user_id", MIN_SAVINGS);
    /** Plain decimal text: no sign, no exponent, bounded before it is parsed. */
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,10}(\\.\\d{1," + RecommendProvidersUseCase.MIN_SAVINGS_SCALE + "})?");

    private final RecommendProvidersUseCase recommend;
    private final Authentication auth;
    private final ProviderDetector detector;
    private final Clock clock;

    public RecommendationsHandler(RecommendProvidersUseCase recommend, Authentication auth, ProviderDetector detector,
                                  Clock clock) {
        this.recommend = Objects.requireNonNull(recommend, "recommend");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void get(Context ctx) {
        String user = auth.targetUser(ctx);
        QueryParams params = new QueryParams(ctx, PARAMS);
        UsageLogFilter filter = AnalyticsHandler.currentPeriodUnlessGiven(UsageLogsHandler.filter(params, user, detector), clock);
        BigDecimal minSavings = minSavings(params);
        ctx.json(RecommendationsResponse.from(recommend.recommend(
                new RecommendProvidersUseCase.RecommendationQuery(filter, minSavings))));
    }

    static BigDecimal minSavings(QueryParams params) {
        String text = params.string(MIN_SAVINGS);
        if (text == null) {
            return RecommendProvidersUseCase.DEFAULT_MIN_SAVINGS;
        }
        if (DECIMAL.matcher(text).matches()) {
            BigDecimal value = new BigDecimal(text);
            if (value.compareTo(RecommendProvidersUseCase.MAX_MIN_SAVINGS) <= 0) {
                return value;
            }
        }
        throw ApiError.badRequest(MIN_SAVINGS, MIN_SAVINGS + " must be US dollars as a decimal number from 0 to "
                + RecommendProvidersUseCase.MAX_MIN_SAVINGS.toPlainString() + " with at most "
                + RecommendProvidersUseCase.MIN_SAVINGS_SCALE + " decimal places, e.g. 2.50");
    }

    private static String wire(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The body of the recommendations endpoint. */
    public record RecommendationsResponse(String userId, PeriodBody period, String priceVersion, BigDecimal minSavings,
                                          double latencyRelativeError, ThresholdsBody thresholds,
                                          List<RecommendationBody> recommendations, CoverageBody coverage) {
        static RecommendationsResponse from(ProviderRecommendations r) {
            var t = r.thresholds();
            var c = r.coverage();
            List<NotComparedBody> notCompared = new ArrayList<>();
            c.notCompared().forEach((reason, calls) -> notCompared.add(new NotComparedBody(wire(reason), calls)));
            return new RecommendationsResponse(r.filter().userId(), PeriodBody.of(r.filter()), r.priceVersion(),
                    r.minSavings(), r.latencyRelativeError(),
                    new ThresholdsBody(t.minObservedCalls(), t.successRateMargin(), t.latencyMargin(), t.observedCostMargin()),
                    r.recommendations().stream().map(RecommendationBody::from).toList(),
                    new CoverageBody(c.calls(), c.comparedCalls(), notCompared));
        }
    }

    /** One switch: from the provider that served the calls to one that would have cost less. */
    public record RecommendationBody(String basis, String verdict, List<String> flags, String model, String fromProvider,
                                     String fromProviderDisplayName, List<String> fromModels, String toProvider,
                                     String toProviderDisplayName, List<String> toModels, long calls,
                                     Map<String, BigDecimal> units, BigDecimal currentCost, BigDecimal estimatedCost,
                                     BigDecimal estimatedSavings, BigDecimal savingsRatio, long callsNotPricedThere,
                                     EvidenceBody evidence) {
        static RecommendationBody from(ProviderRecommendations.Recommendation r) {
            Map<String, BigDecimal> units = new LinkedHashMap<>();
            for (PriceUnit unit : PriceUnit.values()) {
                BigDecimal q = r.units().get(unit);
                if (q != null) {
                    units.put(unit.wireName(), q);
                }
            }
            var e = r.evidence();
            return new RecommendationBody(wire(r.basis()), wire(r.verdict()), r.flags().stream().map(RecommendationsHandler::wire).toList(),
                    r.model(), r.fromProvider(), r.fromProviderDisplayName(), r.fromModels(), r.toProvider(),
                    r.toProviderDisplayName(), r.toModels(), r.calls(), units, r.currentCost(), r.estimatedCost(),
                    r.estimatedSavings(), r.savingsRatio(), r.callsNotPricedThere(),
                    new EvidenceBody(e.alternativePrices().stream().map(PriceBody::from).toList(),
                            e.currentPrices().stream().map(PriceBody::from).toList(), ObservationBody.from(e.from()),
                            e.to() == null ? null : ObservationBody.from(e.to()), e.rateUnit()));
        }
    }

    /** The prices a switch was estimated with, and the user's own calls on each provider. */
    public record EvidenceBody(List<PriceBody> alternativePrices, List<PriceBody> currentPrices, ObservationBody from,
                               ObservationBody to, String rateUnit) {
    }

    /** How one provider served the user's calls of the model in the window. */
    public record ObservationBody(String provider, List<String> models, long calls, long successfulCalls,
                                  BigDecimal successRate, Double latencyP50, Double latencyP95, BigDecimal costPerUnit) {
        static ObservationBody from(ProviderRecommendations.Observation o) {
            return new ObservationBody(o.provider(), o.models(), o.calls(), o.successfulCalls(), o.successRate(),
                    o.latencyP50(), o.latencyP95(), o.costPerUnit());
        }
    }

    /** Which calls of the window the catalog compared with another provider's prices, and why the others were not. */
    public record CoverageBody(long calls, long comparedCalls, List<NotComparedBody> notCompared) {
    }

    /** Calls left out of the comparison for one reason. */
    public record NotComparedBody(String reason, long calls) {
    }

    /** The rules the verdicts follow. */
    public record ThresholdsBody(int minObservedCalls, BigDecimal successRateMargin, BigDecimal latencyMargin,
                                 BigDecimal observedCostMargin) {
    }
}
