package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.ProviderAnalytics;
import org.usagelens.domain.model.ProviderAnalytics.CategoryBreakdown;
import org.usagelens.domain.model.ProviderAnalytics.CategoryComparison;
import org.usagelens.domain.model.ProviderAnalytics.DailyPoint;
import org.usagelens.domain.model.ProviderAnalytics.Metrics;
import org.usagelens.domain.model.ProviderAnalytics.ProviderBreakdown;
import org.usagelens.domain.model.ProviderAnalytics.ProviderCost;
import org.usagelens.domain.model.UsageAggregate;
import org.usagelens.domain.model.UsageAnalytics;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.AnalyseProvidersUseCase;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.UsageLogRepository;

/**
 * Builds provider analytics from the store's sums. Every figure derives from the same rows the usage
 * logs list for the same filter, attributed the same way, so totals agree with the logs exactly.
 *
 * <p>It computes on every call; keeping results for reuse is a decorator's job (the server's wiring keeps them on
 * the store's change stamp).
 */
public final class AnalyseProvidersService implements AnalyseProvidersUseCase {
    /** Decimal places of derived money figures (per call, per 1k tokens) and of ratios. */
    static final int SCALE = 10;

    private final UsageLogRepository logs;
    private final AnalyticsRepository analytics;
    private final DetectionOnRead detectionOnRead;

    public AnalyseProvidersService(UsageLogRepository logs, AnalyticsRepository analytics, DetectionOnRead detectionOnRead) {
        this.logs = Objects.requireNonNull(logs, "logs");
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.detectionOnRead = Objects.requireNonNull(detectionOnRead, "detectionOnRead");
    }

    @Override
    public Analysed analyse(UsageLogFilter filter, LatencyPrecision precision, Reuse reuse) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(precision, "precision");
        return new Analysed(compute(filter, precision), false);
    }

    private ProviderAnalytics compute(UsageLogFilter filter, LatencyPrecision precision) {
        LegacyAttribution attribution = detectionOnRead.attributionFor(logs, filter);
        UsageAnalytics figures = analytics.analytics(filter, attribution, precision);
        List<UsageAggregate> aggregates = figures.aggregates();
        UsageAggregate total = aggregates.stream().filter(a -> a.provider() == null).findFirst()
                .orElse(new UsageAggregate(null, null, 0, 0, java.math.BigInteger.ZERO, java.math.BigInteger.ZERO, BigDecimal.ZERO,
                        null, null, UsageAggregate.Pricing.NONE));
        BigDecimal totalCost = total.cost();

        Map<String, UsageAggregate> byProvider = new LinkedHashMap<>();
        Map<String, List<UsageAggregate>> categoriesByProvider = new LinkedHashMap<>();
        for (UsageAggregate a : aggregates) {
            if (a.provider() != null && a.category() == null) {
                byProvider.put(a.provider(), a);
            } else if (a.provider() != null) {
                categoriesByProvider.computeIfAbsent(a.provider(), k -> new ArrayList<>()).add(a);
            }
        }
        List<ProviderBreakdown> providers = byProvider.values().stream()
                .sorted(Comparator.comparing(UsageAggregate::cost).reversed().thenComparing(UsageAggregate::provider))
                .map(p -> new ProviderBreakdown(p.provider(), detectionOnRead.displayName(p.provider()), metrics(p, totalCost),
                        categoriesByProvider.getOrDefault(p.provider(), List.of()).stream()
                                .sorted(Comparator.comparing(UsageAggregate::cost).reversed().thenComparing(UsageAggregate::category))
                                .map(c -> new CategoryBreakdown(c.category(), metrics(c, p.cost())))
                                .toList()))
                .toList();

        Map<String, List<ProviderCost>> comparison = new java.util.TreeMap<>();
        for (List<UsageAggregate> categories : categoriesByProvider.values()) {
            for (UsageAggregate c : categories) {
                comparison.computeIfAbsent(c.category(), k -> new ArrayList<>()).add(new ProviderCost(c.provider(),
                        detectionOnRead.displayName(c.provider()), c.calls(), strip(c.cost()), divide(c.cost(), c.calls())));
            }
        }
        List<CategoryComparison> categoryComparison = comparison.entrySet().stream()
                .map(e -> new CategoryComparison(e.getKey(), e.getValue().stream()
                        .sorted(Comparator.comparing(ProviderCost::costPerCall, Comparator.nullsLast(Comparator.naturalOrder()))
                                .thenComparing(ProviderCost::provider))
                        .toList()))
                .toList();

        List<DailyPoint> daily = figures.daily().stream()
                .map(d -> new DailyPoint(d.date(), d.provider(), d.calls(), strip(d.cost())))
                .toList();
        return new ProviderAnalytics(filter, detectionOnRead.detector().rulesVersion(), metrics(total, totalCost),
                providers, daily, categoryComparison, figures.latencyRelativeError());
    }

    private static Metrics metrics(UsageAggregate a, BigDecimal shareOf) {
        java.math.BigInteger tokens = a.tokensInput().add(a.tokensOutput());
        return new Metrics(a.calls(), a.successfulCalls(), a.calls() - a.successfulCalls(),
                ratio(BigDecimal.valueOf(a.successfulCalls()), BigDecimal.valueOf(a.calls())),
                a.tokensInput(), a.tokensOutput(), strip(a.cost()),
                ratio(a.cost(), shareOf),
                divide(a.cost(), a.calls()),
                tokens.signum() == 0 ? null : strip(a.cost().multiply(BigDecimal.valueOf(1000))
                        .divide(new BigDecimal(tokens), SCALE, RoundingMode.HALF_EVEN)),
                a.latencyP50(), a.latencyP95(), new ProviderAnalytics.PriceCheck(a.pricing().unpricedCalls(),
                        a.pricing().catalogPricedCalls(), strip(a.pricing().catalogCost()), strip(a.pricing().comparedCost()),
                        strip(a.pricing().comparedCost().subtract(a.pricing().catalogCost()))));
    }

    private static BigDecimal divide(BigDecimal amount, long count) {
        return count == 0 ? null : strip(amount.divide(BigDecimal.valueOf(count), SCALE, RoundingMode.HALF_EVEN));
    }

    private static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
        return whole == null || whole.signum() == 0 ? null : strip(part.divide(whole, SCALE, RoundingMode.HALF_EVEN));
    }

    /** Money without trailing zeros: a sum's scale depends on the rows that were ever added, not on its value. */
    private static BigDecimal strip(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
