package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Calls and summed {@code cost_total} of one billing period and stored provider. Rows stored without a
 * provider come grouped by their call signature instead ({@code provider} null), so that the caller can
 * attribute them on read the way every other read does.
 */
public record MonthlyAggregate(String billingPeriod, String provider, LegacyAttribution.CallSignature signature,
                               long calls, BigDecimal cost) {
    public MonthlyAggregate {
        Objects.requireNonNull(billingPeriod, "billingPeriod");
        Objects.requireNonNull(cost, "cost");
        if ((provider == null) == (signature == null)) {
            throw new IllegalArgumentException("exactly one of provider and signature is given");
        }
    }
}
