package org.usagelens.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Which of one user's usage logs a read or an analysis covers. Every criterion but the user is
 * optional ({@code null}); {@code from} is inclusive and {@code to} exclusive.
 *
 * @param actualProvider an actual provider id, matched against the stored provider or, for rows
 *                       without one, the provider detected on read
 */
public record UsageLogFilter(
        String userId,
        String actualProvider,
        Category category,
        CallStatus status,
        Integer statusCode,
        String billingPeriod,
        Instant from,
        Instant to) {

    public UsageLogFilter {
        Objects.requireNonNull(userId, "userId");
    }

    public static UsageLogFilter forUser(String userId) {
        return new UsageLogFilter(userId, null, null, null, null, null, null, null);
    }

    public UsageLogFilter withActualProvider(String provider) {
        return new UsageLogFilter(userId, provider, category, status, statusCode, billingPeriod, from, to);
    }

    /** Success is a 2xx status code, as in the original dashboard. */
    public enum CallStatus { SUCCESS, FAILED }
}
