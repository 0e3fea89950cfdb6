package org.usagelens.domain.port.out;

import java.util.List;
import java.util.Optional;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.ModelUsage;
import org.usagelens.domain.model.MonthlyAggregate;
import org.usagelens.domain.model.UsageAnalytics;
import org.usagelens.domain.model.UsageLogFilter;

/**
 * Outgoing port of the analytics' read side: sums, latency percentiles and series of a user's usage logs, from
 * whatever the store keeps for them (rollups where they answer the filter, the rows where they do not).
 *
 * <p>Reads take a {@link LegacyAttribution}: rows stored without an actual provider count under the provider it gives
 * their (category, model, endpoint), for the provider filter and for grouping.
 */
public interface AnalyticsRepository {

    /**
     * The sums of the matching logs (one aggregate for everything, one per provider, one per category within each
     * provider) and their calls and cost per provider and UTC day, all from one consistent view of the logs, so the
     * daily series adds up to the totals even while logs are written. Latency percentiles are
     * {@linkplain LatencyPrecision#SKETCHED estimated} within {@link UsageAnalytics#latencyRelativeError()} of the
     * exact ones unless {@link LatencyPrecision#EXACT} is asked for.
     */
    UsageAnalytics analytics(UsageLogFilter filter, LegacyAttribution attribution, LatencyPrecision precision);

    /**
     * The matching logs per UTC day, stored actual provider, logged model and status code (categories summed): calls,
     * recorded cost, reported quantities, the part the catalog priced when it was stored, and a latency sketch, all from
     * one consistent view; groups without calls left out, in no particular order. Rows stored without an actual
     * provider are grouped under a null provider (they are not attributed on read here). Prices change from one UTC
     * day to the next, never within one, so a day's sums price exactly.
     */
    List<ModelUsage> modelUsage(UsageLogFilter filter);

    /**
     * A token that changes whenever a log the filter may select is inserted, updated or deleted (it may change on
     * other writes too): equal tokens mean the logs the filter covers are unchanged. Read it before the figures it
     * vouches for, so that they are at least as new as the token.
     * Empty when the store keeps no such token, so nothing computed from it can be reused.
     */
    default Optional<String> changeStamp(UsageLogFilter filter) {
        return Optional.empty();
    }

    /**
     * Calls and cost of one user's logs per billing period from {@code firstPeriod} to {@code lastPeriod}
     * (inclusive, {@code YYYY-MM}) and stored provider; rows without a stored provider grouped by call signature.
     */
    List<MonthlyAggregate> monthly(String userId, String firstPeriod, String lastPeriod);

    /**
     * Folds up to {@code maxPending} latency sketches that writes left pending into the rollups' own, changing no
     * figure any read gives (a read merges what is pending); returns how many were folded, 0 when none was pending.
     * Stores that keep nothing pending return 0.
     */
    default int compactLatencySketches(int maxPending) {
        return 0;
    }
}
