package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Cost and performance of one user's calls by actual provider, for a filter (usually a billing
 * period): totals, each provider with its categories, a daily series, and per category a comparison
 * of cost per call across the providers that served it. Every latency percentile is within
 * {@code latencyRelativeError} of the exact one (0: exact).
 */
public record ProviderAnalytics(UsageLogFilter filter, String rulesVersion, Metrics totals,
                                List<ProviderBreakdown> providers, List<DailyPoint> daily,
                                List<CategoryComparison> categoryComparison, double latencyRelativeError) {

    public ProviderAnalytics {
        providers = List.copyOf(providers);
        daily = List.copyOf(daily);
        categoryComparison = List.copyOf(categoryComparison);
    }

    /**
     * The figures of one group of calls. Ratios are {@code null} where their denominator is zero;
     * latencies are seconds (continuous percentiles), {@code null} for no calls.
     */
    public record Metrics(long calls, long successfulCalls, long failedCalls, BigDecimal successRate,
                          java.math.BigInteger tokensInput, java.math.BigInteger tokensOutput, BigDecimal cost,
                          BigDecimal costShare,
                          BigDecimal costPerCall, BigDecimal costPer1kTokens, Double latencyP50, Double latencyP95,
                          PriceCheck priceCheck) {
    }

    /**
     * The group against the price catalog: {@code unpricedCalls} have no cost (unknown, not zero); of the
     * {@code catalogPricedCalls} the catalog can price, the recorded cost is {@code recordedCost} and the catalog's
     * {@code catalogCost}, so {@code gap} = recorded - catalog (positive: more was logged than the price list says).
     */
    public record PriceCheck(long unpricedCalls, long catalogPricedCalls, BigDecimal catalogCost, BigDecimal recordedCost,
                             BigDecimal gap) {
    }

    /** One actual provider, and its calls per category. */
    public record ProviderBreakdown(String provider, String displayName, Metrics metrics,
                                    List<CategoryBreakdown> categories) {
        public ProviderBreakdown {
            categories = List.copyOf(categories);
        }
    }

    /** One category within a provider. */
    public record CategoryBreakdown(String category, Metrics metrics) {
    }

    /** Calls and cost of one provider on one UTC day. */
    public record DailyPoint(LocalDate date, String provider, long calls, BigDecimal cost) {
    }

    /** For one category: what each provider that served it cost per call. */
    public record CategoryComparison(String category, List<ProviderCost> providers) {
        public CategoryComparison {
            providers = List.copyOf(providers);
        }
    }

    /** One provider's cost within a category. */
    public record ProviderCost(String provider, String displayName, long calls, BigDecimal cost, BigDecimal costPerCall) {
    }
}
