package org.usagelens.domain.model;

import java.math.BigDecimal;

/**
 * Raw sums of a group of usage logs, as the store computes them: a provider ({@code category} null),
 * a category within a provider, or everything ({@code provider} and {@code category} null).
 * {@code cost} sums {@code cost_total}; missing figures count as zero.
 */
public record UsageAggregate(String provider, String category, long calls, long successfulCalls, long tokensInput,
                             long tokensOutput, BigDecimal cost, Double latencyP50, Double latencyP95) {
}
