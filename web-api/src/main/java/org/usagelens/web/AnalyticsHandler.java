package org.usagelens.web;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.ProviderAnalytics;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.AnalyseProvidersUseCase;

/**
 * {@code GET /api/subscription/provider-analytics}: cost, calls, latency and success rate by actual
 * provider for a billing period (default: the current one) or a {@code from}/{@code to} range, with
 * the same filters as the usage logs.
 */
final class AnalyticsHandler {
    /** Asks for exact latency percentiles, computed from every call's latency, instead of the rollups' estimates. */
    static final String EXACT = "exact";
    private static final Set<String> PARAMS = with(UsageLogsHandler.FILTER_PARAMS, EXACT);

    private final AnalyseProvidersUseCase analyse;
    private final Authentication auth;
    private final ProviderDetector detector;
    private final Clock clock;

    public AnalyticsHandler(AnalyseProvidersUseCase analyse, Authentication auth, ProviderDetector detector, Clock clock) {
        this.analyse = Objects.requireNonNull(analyse, "analyse");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void get(Context ctx) {
        String user = auth.targetUser(ctx);
        QueryParams params = new QueryParams(ctx, PARAMS);
        UsageLogFilter filter = UsageLogsHandler.filter(params, user, detector);
        filter = currentPeriodUnlessGiven(filter, clock);
        // A client that asks for no-cache gets the figures computed afresh; otherwise a result computed since the
        // last change to the logs it covers may answer. Cache-Status (RFC 9211) says which happened.
        boolean fresh = asksForFreshFigures(ctx);
        LatencyPrecision precision = exact(params) ? LatencyPrecision.EXACT : LatencyPrecision.SKETCHED;
        AnalyseProvidersUseCase.Analysed analysed = analyse.analyse(filter, precision,
                fresh ? AnalyseProvidersUseCase.Reuse.NEVER : AnalyseProvidersUseCase.Reuse.IF_UNCHANGED);
        ctx.header("Cache-Status", analysed.reused() ? "UsageLens; hit" : fresh ? "UsageLens; fwd=request" : "UsageLens; fwd=miss");
        ctx.json(AnalyticsResponse.from(analysed.analytics()));
    }

    /** The filter, for the current billing period (UTC, by the clock) when it names no period and no instants. */
    static UsageLogFilter currentPeriodUnlessGiven(UsageLogFilter filter, Clock clock) {
        if (filter.billingPeriod() != null || filter.from() != null || filter.to() != null) {
            return filter;
        }
        return new UsageLogFilter(filter.userId(), filter.actualProvider(), filter.category(), filter.status(),
                filter.statusCode(), YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString(), null, null);
    }

    private static Set<String> with(Set<String> names, String name) {
        Set<String> all = new java.util.HashSet<>(names);
        all.add(name);
        return Set.copyOf(all);
    }

    /** {@code exact=true|false}; absent is false. */
    static boolean exact(QueryParams params) {
        String value = params.string(EXACT);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiError.badRequest(EXACT, EXACT + " must be true or false");
    }

    /** {@code Cache-Control: no-cache} or {@code max-age=0}, or the older {@code Pragma: no-cache}. */
    static boolean asksForFreshFigures(Context ctx) {
        String cacheControl = ctx.header("Cache-Control");
        String pragma = ctx.header("Pragma");
        if (cacheControl != null) {
            for (String directive : cacheControl.toLowerCase(java.util.Locale.ROOT).split(",")) {
                String d = directive.replace(" ", "").replace("\t", "");
                if (d.equals("no-cache") || d.startsWith("no-cache=") || d.matches("max-age=\"?0+\"?")) {
                    return true;
                }
            }
            return false;
        }
        return pragma != null && pragma.toLowerCase(java.util.Locale.ROOT).contains("no-cache");
    }

    /** The body of the analytics endpoint. */
    public record AnalyticsResponse(String userId, PeriodBody period, String rulesVersion, double latencyRelativeError,
                                    MetricsBody totals,
                                    List<ProviderBody> providers, List<DailyBody> daily,
                                    List<ComparisonBody> categoryComparison) {

        static AnalyticsResponse from(ProviderAnalytics a) {
            UsageLogFilter f = a.filter();
            return new AnalyticsResponse(f.userId(), PeriodBody.of(f), a.rulesVersion(),
                    a.latencyRelativeError(), MetricsBody.from(a.totals()),
                    a.providers().stream().map(p -> new ProviderBody(p.provider(), p.displayName(), MetricsBody.from(p.metrics()),
                            p.categories().stream().map(c -> new CategoryBody(c.category(), MetricsBody.from(c.metrics()))).toList())).toList(),
                    a.daily().stream().map(d -> new DailyBody(d.date(), d.provider(), d.calls(), d.cost())).toList(),
                    a.categoryComparison().stream().map(c -> new ComparisonBody(c.category(), c.providers().stream()
                            .map(p -> new ProviderCostBody(p.provider(), p.displayName(), p.calls(), p.cost(), p.costPerCall()))
                            .toList())).toList());
        }
    }

    /** The period analysed: a billing period and/or the instants it spans (from inclusive, to exclusive). */
    public record PeriodBody(String billingPeriod, Instant from, Instant to) {
        /** The filter's billing period and instants, the instants narrowed to the period's. */
        static PeriodBody of(UsageLogFilter f) {
            Instant from = f.from();
            Instant to = f.to();
            if (f.billingPeriod() != null) {
                YearMonth month = YearMonth.parse(f.billingPeriod());
                Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                from = from == null || start.isAfter(from) ? start : from;
                to = to == null || end.isBefore(to) ? end : to;
            }
            return new PeriodBody(f.billingPeriod(), from, to);
        }
    }

    /** Figures of one group of calls; {@code cost_share} is within the enclosing group. */
    public record MetricsBody(long calls, long successfulCalls, long failedCalls, BigDecimal successRate,
                              java.math.BigInteger tokensInput, java.math.BigInteger tokensOutput, BigDecimal cost,
                              BigDecimal costShare,
                              BigDecimal costPerCall,
                              @com.fasterxml.jackson.annotation.JsonProperty("cost_per_1k_tokens") BigDecimal costPer1kTokens,
                              Double latencyP50, Double latencyP95, long unpricedCalls, long catalogPricedCalls,
                              BigDecimal catalogCost, BigDecimal catalogRecordedCost, BigDecimal catalogGap) {
        static MetricsBody from(ProviderAnalytics.Metrics m) {
            var p = m.priceCheck();
            return new MetricsBody(m.calls(), m.successfulCalls(), m.failedCalls(), m.successRate(), m.tokensInput(),
                    m.tokensOutput(), m.cost(), m.costShare(), m.costPerCall(), m.costPer1kTokens(), m.latencyP50(),
                    m.latencyP95(), p.unpricedCalls(), p.catalogPricedCalls(), p.catalogCost(), p.recordedCost(), p.gap());
        }
    }

    /** One provider with its categories. */
    public record ProviderBody(String provider, String providerDisplayName, MetricsBody metrics, List<CategoryBody> categories) {
    }

    /** One category within a provider. */
    public record CategoryBody(String category, MetricsBody metrics) {
    }

    /** One provider on one UTC day. */
    public record DailyBody(LocalDate date, String provider, long calls, BigDecimal cost) {
    }

    /** A category and what each provider that served it cost per call. */
    public record ComparisonBody(String category, List<ProviderCostBody> providers) {
    }

    /** One provider's cost within a category. */
    public record ProviderCostBody(String provider, String providerDisplayName, long calls, BigDecimal cost, BigDecimal costPerCall) {
    }
}
