package org.usagelens.domain.model;

import java.time.Instant;
import java.util.Objects;
import org.usagelens.domain.pricing.Units;

/**
 * A validated usage event: one AI API call as a client reported it, ready to be stored. Built only by
 * {@link org.usagelens.domain.service.UsageEventValidator}, which enforces the field rules; the
 * constructor checks the invariants the store relies on.
 *
 * @param idempotencyKey the client's id for the event, unique per user
 * @param actualProviderName the provider the client itself named, or {@code null} to detect it
 * @param tokens             the token counts reported; each null when not (unknown, never zero)
 * @param costs              the cost reported; a null total means none (the catalog prices the call)
 * @param units              the call's billable quantities other than tokens (images, seconds, characters, requests)
 */
public record UsageEvent(
        String idempotencyKey,
        String userId,
        Category category,
        String modelUsed,
        String endpoint,
        String method,
        Tokens tokens,
        Costs costs,
        double responseTime,
        int statusCode,
        Instant timestamp,
        String billingPeriod,
        String errorMessage,
        Integer retryCount,
        Long requestSize,
        Long responseSize,
        String userAgent,
        String ipAddress,
        String actualProviderName,
        Units units) implements ReportedFigures {

    /** An event without units (tokens only, or nothing billable beyond its cost). */
    public UsageEvent(String idempotencyKey, String userId, Category category, String modelUsed, String endpoint,
                      String method, Tokens tokens, Costs costs, double responseTime, int statusCode, Instant timestamp,
                      String billingPeriod, String errorMessage, Integer retryCount, Long requestSize, Long responseSize,
                      String userAgent, String ipAddress, String actualProviderName) {
        this(idempotencyKey, userId, category, modelUsed, endpoint, method, tokens, costs, responseTime, statusCode,
                timestamp, billingPeriod, errorMessage, retryCount, requestSize, responseSize, userAgent, ipAddress,
                actualProviderName, Units.NONE);
    }

    public UsageEvent {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(billingPeriod, "billingPeriod");
        tokens = tokens == null ? Tokens.UNKNOWN : tokens;
        costs = costs == null ? Costs.UNKNOWN : costs;
        units = units == null ? Units.NONE : units;
        if (!Double.isFinite(responseTime) || responseTime < 0) {
            throw new IllegalArgumentException("responseTime must be finite and >= 0, was " + responseTime);
        }
    }
}
