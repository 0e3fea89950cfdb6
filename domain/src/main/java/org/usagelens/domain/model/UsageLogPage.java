package org.usagelens.domain.model;

import java.util.List;

/**
 * One page of usage logs, newest first.
 *
 * @param next the keyset to continue after this page, or {@code null} on the last page
 */
public record UsageLogPage(List<DisplayedUsageLog> logs, long totalCount, int limit, int offset, boolean hasMore, Keyset next) {
    public UsageLogPage {
        logs = List.copyOf(logs);
    }
}
