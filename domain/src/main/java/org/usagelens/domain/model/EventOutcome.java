package org.usagelens.domain.model;

import java.util.List;
import java.util.Objects;

/** What happened to one event of a recorded batch. */
public sealed interface EventOutcome {

    /**
     * The event was stored, with the actual provider detected at write (and its display name, the provider id itself
     * for one the catalog does not know) and its cost with provenance; {@code notes} say what was changed on the way
     * in (a field cut to its limit).
     */
    record Stored(long logId, StoredDetection detection, String providerDisplayName, StoredCost cost, List<String> notes)
            implements EventOutcome {
        public Stored {
            Objects.requireNonNull(detection, "detection");
            Objects.requireNonNull(providerDisplayName, "providerDisplayName");
            Objects.requireNonNull(cost, "cost");
            notes = List.copyOf(notes);
        }

        public Stored(long logId, StoredDetection detection) {
            this(logId, detection, detection.providerId(), StoredCost.LEGACY_NONE, List.of());
        }
    }

    /** The user already has an event with this idempotency key; nothing changed. */
    record Duplicate(String idempotencyKey) implements EventOutcome {
    }

    /** The event broke at least one field rule and nothing was stored for it. */
    record Rejected(List<FieldProblem> problems) implements EventOutcome {
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one problem");
            }
        }
    }
}
