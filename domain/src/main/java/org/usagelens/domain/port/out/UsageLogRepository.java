package org.usagelens.domain.port.out;

import java.util.List;
import java.util.OptionalLong;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;

/**
 * Outgoing persistence port for usage logs: writes, pages and counts. Analytics read through
 * {@link AnalyticsRepository}.
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

    /** Whether the store holds no usage log at all (a first start). */
    boolean isEmpty();
}
