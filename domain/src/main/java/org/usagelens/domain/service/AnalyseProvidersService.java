package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.usagelens.domain.port.out.UsageLogRepository;

/**
 * Builds provider analytics from the store's sums. Every figure derives from the same rows the usage
 * logs list for the same filter, attributed the same way, so totals agree with the logs exactly.
 *
 * <p>A result is kept, per filter, with the store's change stamp read before it was computed, and
 * answers the same filter again while the stamp is unchanged: a month nobody writes to is computed
 * once, not on every dashboard view. The detector is fixed for the service's life, so the stamp is
 * all that can make a kept result stale.
 */
public final class AnalyseProvidersService implements AnalyseProvidersUseCase {
    /** Decimal places of derived money figures (per call, per 1k tokens) and of ratios. */
    static final int SCALE = 10;
    /** Results kept by default; each is a few kilobytes to a few hundred. */
    public static final int DEFAULT_KEPT_RESULTS = 256;

    private final UsageLogRepository repository;
    private final DetectionOnRead detectionOnRead;
    private final Map<UsageLogFilter, Kept> kept;

    private record Kept(String stamp, ProviderAnalytics analytics) {
    }

    public AnalyseProvidersService(UsageLogRepository repository, DetectionOnRead detectionOnRead) {
        this(repository, detectionOnRead, DEFAULT_KEPT_RESULTS);
    }

    /** @param keptResults how many results to keep for reuse (least recently used go first); 0 keeps none */
    public AnalyseProvidersService(UsageLogRepository repository, DetectionOnRead detectionOnRead, int keptResults) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.detectionOnRead = Objects.requireNonNull(detectionOnRead, "detectionOnRead");
        if (keptResults < 0) {
            throw new IllegalArgumentException("keptResults must not be negative: " + keptResults);
        }
        this.kept = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UsageLogFilter, Kept> eldest) {
                return size() > keptResults;
            }
        });
    }

    @Override
    public Analysed analyse(UsageLogFilter filter, Reuse reuse) {
        Objects.requireNonNull(filter, "filter");
        Optional<String> stamp = repository.changeStamp(filter);
        if (stamp.isPresent() && reuse == Reuse.IF_UNCHANGED) {
            Kept k = kept.get(filter);
            if (k != null && k.stamp().equals(stamp.get())) {
                return new Analysed(k.analytics(), true);
            }
        }
        ProviderAnalytics analytics = compute(filter);
        stamp.ifPresent(s -> kept.put(filter, new Kept(s, analytics)));
        return new Analysed(analytics, false);
    }

    private ProviderAnalytics compute(UsageLogFilter filter) {
        LegacyAttribution attribution = detectionOnRead.attributionFor(repository, filter);
        UsageAnalytics figures = repository.analytics(filter, attribution);
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
                providers, daily, categoryComparison);
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
