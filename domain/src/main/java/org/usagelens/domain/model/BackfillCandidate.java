package org.usagelens.domain.model;

/**
 * A stored row the backfill may have to detect again: what identifies the call, its stored detection (null when
 * the row has no actual provider), and, for a row whose category was an instrumentation's guess, that guess (else
 * null), so that it is detected again by the precedence it was stored with.
 */
public record BackfillCandidate(long id, String category, String model, String endpoint, StoredDetection stored,
                                CategoryGuess guess) {

    /** A row whose category the application logged. */
    public BackfillCandidate(long id, String category, String model, String endpoint, StoredDetection stored) {
        this(id, category, model, endpoint, stored, null);
    }
}
