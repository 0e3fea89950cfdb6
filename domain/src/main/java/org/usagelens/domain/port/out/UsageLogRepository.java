package org.usagelens.domain.port.out;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.usagelens.domain.model.DailyAggregate;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.MonthlyAggregate;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.UsageAggregate;
import org.usagelens.domain.model.UsageAnalytics;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;

/**
 * Outgoing persistence port for usage logs.
 *
 * <p>Reads take a {@link LegacyAttribution}: rows stored without an actual provider count under the
 * provider it gives their (category, model, endpoint), for the provider filter and for grouping.
 */
public interface UsageLogRepository {

    /**
     * Stores the logs whose (user, idempotency key) is new, atomically: all of them or, on failure,
     * none. Returns, in input order, the id of each stored log, or empty for a duplicate. The input
     * holds no two logs with the same user and key.
     *
     * @throws org.usagelens.domain.model.StorageUnavailableException when the store cannot be reached
     */
    List<OptionalLong> insertNew(List<NewUsageLog> logs);

    /**
     * Up to {@code limit} logs matching the filter, newest first (timestamp, then id, descending),
     * starting after {@code after} when given, skipping {@code offset} rows.
     */
    List<UsageLog> find(UsageLogFilter filter, LegacyAttribution attribution, Keyset after, int offset, int limit);

    /** How many logs match the filter. */
    long count(UsageLogFilter filter, LegacyAttribution attribution);

    /**
     * The distinct (category, model, endpoint) of the rows without an actual provider that match the
     * filter, ignoring its provider criterion.
     */
    List<LegacyAttribution.CallSignature> undetectedSignatures(UsageLogFilter filter);

    /**
     * Sums of the matching logs: one aggregate for everything, one per provider, and one per category
     * within each provider.
     */
    List<UsageAggregate> aggregate(UsageLogFilter filter, LegacyAttribution attribution);

    /** Calls and cost per provider and UTC day of the matching logs. */
    List<DailyAggregate> daily(UsageLogFilter filter, LegacyAttribution attribution);

    /**
     * {@link #aggregate} and {@link #daily} of the filter, taken from one consistent view of the logs, so that
     * the daily series adds up to the totals even while logs are written.
     */
    default UsageAnalytics analytics(UsageLogFilter filter, LegacyAttribution attribution) {
        return new UsageAnalytics(aggregate(filter, attribution), daily(filter, attribution));
    }

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

    /** Whether the store holds no usage log at all (a first start). */
    boolean isEmpty();
}
