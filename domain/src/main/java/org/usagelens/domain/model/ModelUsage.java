package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One user's calls of one UTC day to one actual provider with one logged model and one status code, as the
 * recommendations read them: all of them, and the part the price catalog priced when they were stored. A call the
 * catalog priced reported every quantity its prices needed, so {@code pricedQuantities} are complete for those units;
 * the other calls may have left some out (their quantities count in {@code quantities} as zero).
 *
 * @param provider         the stored actual provider; null for calls stored without one
 * @param model            the logged model; null for calls that name none
 * @param cost             recorded {@code cost_total} of every call (unpriced ones count as zero)
 * @param unpricedCalls    calls stored without any cost
 * @param pricedCalls      calls with the catalog's figure beside their cost ({@code catalog_cost_total})
 * @param pricedCost       recorded {@code cost_total} of those calls
 * @param pricedQuantities what those calls reported
 * @param latencies        every call's latency, within {@link LatencySketch#RELATIVE_ERROR}
 */
public record ModelUsage(LocalDate day, String provider, String model, int statusCode, long calls, long unpricedCalls,
                         BigDecimal cost, UnitTotals quantities, long pricedCalls, BigDecimal pricedCost,
                         UnitTotals pricedQuantities, LatencySketch latencies) {

    public ModelUsage {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(quantities, "quantities");
        Objects.requireNonNull(pricedCost, "pricedCost");
        Objects.requireNonNull(pricedQuantities, "pricedQuantities");
        Objects.requireNonNull(latencies, "latencies");
        if (calls < 0 || unpricedCalls < 0 || pricedCalls < 0 || unpricedCalls + pricedCalls > calls) {
            throw new IllegalArgumentException("inconsistent call counts: " + calls + " calls, " + unpricedCalls
                    + " unpriced, " + pricedCalls + " priced by the catalog");
        }
    }

    /** Success is a 2xx status code, as everywhere. */
    public boolean successful() {
        return statusCode >= 200 && statusCode <= 299;
    }
}
