package org.usagelens.domain.model;

/**
 * A stored row the backfill may have to detect again: what identifies the call, and its stored detection (null when
 * the row has no actual provider).
 */
public record BackfillCandidate(long id, String category, String model, String endpoint, StoredDetection stored) {
}
