package org.usagelens.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The store's figures for provider analytics, all taken from one consistent view of the logs.
 *
 * @param latencyRelativeError the bound on the relative error of every latency percentile of the aggregates: 0 when
 *                             they are exact, {@link LatencySketch#RELATIVE_ERROR} when estimated from sketches
 */
public record UsageAnalytics(List<UsageAggregate> aggregates, List<DailyAggregate> daily, double latencyRelativeError) {
    public UsageAnalytics {
        aggregates = List.copyOf(Objects.requireNonNull(aggregates, "aggregates"));
        daily = List.copyOf(Objects.requireNonNull(daily, "daily"));
        if (!(latencyRelativeError >= 0 && latencyRelativeError < 1)) {
            throw new IllegalArgumentException("latencyRelativeError must be within [0, 1): " + latencyRelativeError);
        }
    }
}
