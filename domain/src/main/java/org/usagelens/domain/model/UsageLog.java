package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.time.Instant;
import org.usagelens.domain.pricing.Units;

/**
 * A stored usage log. Rows written by the original system may lack an idempotency key, a model, token
 * and cost figures, and a detection; every such field is nullable here.
 *
 * @param detection the stored actual provider and its evidence, or {@code null} for a row the
 *                  original system left without one (not yet backfilled)
 */
public record UsageLog(
        long id,
        String idempotencyKey,
        String userId,
        String category,
        String endpoint,
        String method,
        String modelUsed,
        Tokens tokens,
        Costs costs,
        double responseTime,
        int statusCode,
        Long requestSize,
        Long responseSize,
        String userAgent,
        String ipAddress,
        String errorMessage,
        Integer retryCount,
        Instant timestamp,
        String billingPeriod,
        StoredDetection detection,
        Provenance provenance) implements ReportedFigures {

    /**
     * Where the row's cost came from, and its units.
     *
     * @param costSource null for rows stored before costs had a provenance (their writer's figures)
     */
    public record Provenance(CostSource costSource, String unpricedReason, String priceVersion,
                             BigDecimal catalogCostTotal, Units units) {
        public static final Provenance LEGACY = new Provenance(null, null, null, null, Units.NONE);

        public Provenance {
            units = units == null ? Units.NONE : units;
        }
    }

    public UsageLog {
        tokens = tokens == null ? Tokens.UNKNOWN : tokens;
        costs = costs == null ? Costs.UNKNOWN : costs;
        provenance = provenance == null ? Provenance.LEGACY : provenance;
    }

    /** {@code true} for 2xx status codes, as the original dashboard counted success. */
    public boolean successful() {
        return statusCode >= 200 && statusCode < 300;
    }
}
