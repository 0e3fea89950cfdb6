package org.usagelens.domain.model;

import java.util.Objects;

/**
 * A new cost for one row, written only while the row still holds {@code expected} (its cost and provider when the
 * re-pricing read it), so a change by another writer since is never overwritten.
 */
public record Repricing(long id, String expectedProvider, StoredCost expected, StoredCost repriced) {
    public Repricing {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(repriced, "repriced");
    }
}
