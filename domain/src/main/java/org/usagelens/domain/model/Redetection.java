package org.usagelens.domain.model;

import java.util.Objects;

/**
 * A new detection for one row, written only while the row still holds {@code expected} (null: no provider), so that
 * a write by someone else since the backfill read the row is never overwritten.
 */
public record Redetection(long id, StoredDetection expected, StoredDetection detected) {
    public Redetection {
        Objects.requireNonNull(detected, "detected");
    }
}
