package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Raw sums of a group of usage logs, as the store computes them: a provider ({@code category} null),
 * a category within a provider, or everything ({@code provider} and {@code category} null).
 * {@code cost} sums {@code cost_total}; missing figures count as zero. Token sums are unbounded: one log may
 * hold up to 2^62 tokens, so two may already overflow a {@code long}.
 */
public record UsageAggregate(String provider, String category, long calls, long successfulCalls, BigInteger tokensInput,
                             BigInteger tokensOutput, BigDecimal cost, Double latencyP50, Double latencyP95,
                             Pricing pricing) {

    public UsageAggregate {
        java.util.Objects.requireNonNull(pricing, "pricing");
    }

    /**
     * What the price catalog says about the group: calls without a cost, and over the calls the catalog prices,
     * its figure ({@code catalogCost}) beside what was recorded for the same calls ({@code comparedCost}).
     */
    public record Pricing(long unpricedCalls, long catalogPricedCalls, BigDecimal catalogCost, BigDecimal comparedCost) {
        public static final Pricing NONE = new Pricing(0, 0, BigDecimal.ZERO, BigDecimal.ZERO);

        public Pricing {
            java.util.Objects.requireNonNull(catalogCost, "catalogCost");
            java.util.Objects.requireNonNull(comparedCost, "comparedCost");
        }
    }
}
