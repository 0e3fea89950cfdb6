package org.usagelens.domain.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** The usage-log rows older than {@code before} that retention would remove (a dry run) or removed, per billing period. */
public record RetentionReport(Instant before, SortedMap<String, Long> rowsByBillingPeriod) {
    public RetentionReport {
        Objects.requireNonNull(before, "before");
        rowsByBillingPeriod = Collections.unmodifiableSortedMap(new TreeMap<>(rowsByBillingPeriod));
    }

    public long rows() {
        return rowsByBillingPeriod.values().stream().mapToLong(Long::longValue).sum();
    }
}
