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
                             BigInteger tokensOutput, BigDecimal cost, Double latencyP50, Double latencyP95) {
}
