package org.usagelens.domain.model;

import java.time.Instant;
import java.util.Objects;
import org.usagelens.domain.pricing.Units;

/**
 * A stored row a re-pricing may cost again: what the pricer needs (the actual provider, the model, when, the
 * quantities) and the cost it holds now.
 *
 * @param provider the stored actual provider, or null for a row not yet attributed (it cannot be priced)
 */
public record RepriceCandidate(long id, String provider, String model, Instant timestamp, Long tokensInput,
                               Long tokensOutput, Units units, StoredCost cost) {
    public RepriceCandidate {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(cost, "cost");
        units = units == null ? Units.NONE : units;
    }
}
