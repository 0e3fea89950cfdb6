package org.usagelens.domain.model;

import java.util.List;
import java.util.Objects;

/** The store's figures for provider analytics, all taken from one consistent view of the logs. */
public record UsageAnalytics(List<UsageAggregate> aggregates, List<DailyAggregate> daily) {
    public UsageAnalytics {
        aggregates = List.copyOf(Objects.requireNonNull(aggregates, "aggregates"));
        daily = List.copyOf(Objects.requireNonNull(daily, "daily"));
    }
}
