package org.usagelens.domain.port.in;

import java.util.Objects;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.model.UsageLogPage;

/** Inbound port: one page of a user's usage logs, newest first, with the provider each is shown under. */
public interface ListUsageLogsUseCase {

    UsageLogPage list(UsageLogQuery query);

    /**
     * The same page, each log handed to {@code sink} as it is read (newest first) instead of collected, so a page of
     * 5,000 large rows holds a bounded number of bytes at a time; returns what the page says about itself.
     */
    PageInfo stream(UsageLogQuery query, java.util.function.Consumer<org.usagelens.domain.model.DisplayedUsageLog> sink);

    /** A page without its rows: how many logs match in all, and where the next page starts. */
    record PageInfo(long totalCount, int limit, int offset, boolean hasMore, Keyset next) {
    }

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
