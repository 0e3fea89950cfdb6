package org.usagelens.domain.port.in;

import java.util.Objects;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.model.UsageLogPage;

/** Inbound port: one page of a user's usage logs, newest first, with the provider each is shown under. */
public interface ListUsageLogsUseCase {

    UsageLogPage list(UsageLogQuery query);

    /**
     * @param after continue after this row (keyset pagination); when set, {@code offset} counts from it
     */
    record UsageLogQuery(UsageLogFilter filter, int limit, int offset, Keyset after) {
        public static final int MAX_LIMIT = 5000;

        public UsageLogQuery {
            Objects.requireNonNull(filter, "filter");
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
            }
            if (offset < 0) {
                throw new IllegalArgumentException("offset must be >= 0");
            }
        }
    }
}
