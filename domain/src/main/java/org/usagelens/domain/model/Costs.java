package org.usagelens.domain.model;

import java.math.BigDecimal;

/**
 * A call's cost in USD as its writer reported it, exact (never rounded); each is {@code null} when not reported,
 * which means unknown (the catalog prices the call, or it is unpriced), never zero.
 */
public record Costs(BigDecimal input, BigDecimal output, BigDecimal total) {
    /** No cost reported. */
    public static final Costs UNKNOWN = new Costs(null, null, null);
}
