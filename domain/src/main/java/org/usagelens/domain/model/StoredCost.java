package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A call's cost as stored, with its provenance: the amounts (null when unknown), where they came from, why a call is
 * unpriced, the price catalog version the call was judged against, and what the catalog says it should have cost
 * (also for a client's cost, so deviations are visible).
 *
 * @param source           null only for rows stored before costs had a provenance (their writer's figures)
 * @param unpricedReason   for {@link CostSource#UNPRICED}: a reason of the pricer, lower case ({@code no_price}, ...)
 * @param priceVersion     the catalog's version, or null when no catalog judged the call
 * @param catalogCostTotal what the catalog prices the call at, or null when it cannot price it
 */
public record StoredCost(BigDecimal costInput, BigDecimal costOutput, BigDecimal costTotal, CostSource source,
                         String unpricedReason, String priceVersion, BigDecimal catalogCostTotal) {

    /** No cost and no provenance: a row as an earlier writer stored it. */
    public static final StoredCost LEGACY_NONE = new StoredCost(null, null, null, null, null, null, null);

    public StoredCost {
        if (source == CostSource.UNPRICED) {
            Objects.requireNonNull(unpricedReason, "an unpriced cost has a reason");
            if (costTotal != null) {
                throw new IllegalArgumentException("an unpriced call has no cost total");
            }
        } else if (unpricedReason != null) {
            throw new IllegalArgumentException("only an unpriced cost has an unpriced reason");
        }
    }

    /** The cost an event reported, as the client's, without a catalog judgement (tests, demo data, old writers). */
    public static StoredCost reported(UsageEvent event) {
        boolean reported = event.costTotal() != null || event.costInput() != null || event.costOutput() != null;
        return new StoredCost(event.costInput(), event.costOutput(), event.costTotal(),
                reported ? CostSource.CLIENT : null, null, null, null);
    }
}
