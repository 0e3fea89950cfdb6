package org.usagelens.domain.model;

import java.util.Objects;

/**
 * A validated event together with the detection to store with it.
 *
 * @param detection the detection, or {@code null} only for a row written as the original system wrote
 *                  it (demo data and tests of the backfill)
 */
public record NewUsageLog(UsageEvent event, StoredDetection detection) {
    public NewUsageLog {
        Objects.requireNonNull(event, "event");
    }
}
