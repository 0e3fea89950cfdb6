package org.usagelens.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A position in the newest-first order of usage logs: the last row of the previous page. */
public record Keyset(Instant timestamp, long id) {
    public Keyset {
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
