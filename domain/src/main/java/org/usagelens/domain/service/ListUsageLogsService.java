package org.usagelens.domain.service;

import java.util.List;
import java.util.Objects;
import org.usagelens.domain.model.DisplayedUsageLog;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogPage;
import org.usagelens.domain.port.in.ListUsageLogsUseCase;
import org.usagelens.domain.port.out.UsageLogRepository;

/** Reads pages of usage logs and attaches the provider each is shown under. */
public final class ListUsageLogsService implements ListUsageLogsUseCase {
    private final UsageLogRepository repository;
    private final DetectionOnRead detectionOnRead;

    public ListUsageLogsService(UsageLogRepository repository, DetectionOnRead detectionOnRead) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.detectionOnRead = Objects.requireNonNull(detectionOnRead, "detectionOnRead");
    }

    @Override
    public UsageLogPage list(UsageLogQuery query) {
        // One extra row tells whether another page follows without a second query.
        List<UsageLog> rows = repository.find(query.filter(), query.after(), query.offset(), query.limit() + 1);
        boolean hasMore = rows.size() > query.limit();
        List<UsageLog> page = hasMore ? rows.subList(0, query.limit()) : rows;
        long total = repository.count(query.filter());
        Keyset next = null;
        if (hasMore) {
            UsageLog last = page.get(page.size() - 1);
            next = new Keyset(last.timestamp(), last.id());
        }
        List<DisplayedUsageLog> logs = page.stream()
                .map(log -> new DisplayedUsageLog(log, detectionOnRead.of(log)))
                .toList();
        return new UsageLogPage(logs, total, query.limit(), query.offset(), hasMore, next);
    }
}
