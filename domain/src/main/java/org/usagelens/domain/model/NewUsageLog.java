package org.usagelens.domain.model;

import java.util.Objects;

/**
 * A validated event together with the detection and the cost to store with it.
 *
 * @param detection the detection, or {@code null} only for a row written as the original system wrote
 *                  it (demo data and tests of the backfill)
 * @param cost      the cost to store (the event's own cost fields are what the client reported)
 * @param guess     for an event an instrumentation described (an OTLP span), the guess its category came from; else
 *                  {@code null}
 */
public record NewUsageLog(UsageEvent event, StoredDetection detection, StoredCost cost, CategoryGuess guess) {
    public NewUsageLog {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(cost, "cost");
    }

    /** A log whose category the application logged. */
    public NewUsageLog(UsageEvent event, StoredDetection detection, StoredCost cost) {
        this(event, detection, cost, null);
    }

    /** The event with the cost it reported, as the client's (demo data, tests). */
    public NewUsageLog(UsageEvent event, StoredDetection detection) {
        this(event, detection, StoredCost.reported(event));
    }
}
