package org.usagelens.domain.service;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.usagelens.domain.model.DisplayedUsageLog;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.model.UsageLogPage;
import org.usagelens.domain.port.in.ExportUsageLogsUseCase;
import org.usagelens.domain.port.in.ListUsageLogsUseCase;
import org.usagelens.domain.port.out.UsageLogRepository;

/** Reads pages of usage logs, or all of them for an export, with the provider each is shown under. */
public final class ListUsageLogsService implements ListUsageLogsUseCase, ExportUsageLogsUseCase {
    /** Rows fetched per round trip of an export: memory stays bounded whatever the export's size. */
    static final int EXPORT_CHUNK = 2000;

    private final UsageLogRepository repository;
    private final DetectionOnRead detectionOnRead;

    public ListUsageLogsService(UsageLogRepository repository, DetectionOnRead detectionOnRead) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.detectionOnRead = Objects.requireNonNull(detectionOnRead, "detectionOnRead");
    }

    @Override
    public UsageLogPage list(UsageLogQuery query) {
        LegacyAttribution attribution = detectionOnRead.attributionFor(repository, query.filter());
        // One extra row tells whether another page follows without a second query.
        List<UsageLog> rows = repository.find(query.filter(), attribution, query.after(), query.offset(), query.limit() + 1);
        boolean hasMore = rows.size() > query.limit();
        List<UsageLog> page = hasMore ? rows.subList(0, query.limit()) : rows;
        long total = repository.count(query.filter(), attribution);
        Keyset next = null;
        if (hasMore) {
            UsageLog last = page.get(page.size() - 1);
            next = new Keyset(last.timestamp(), last.id());
        }
        return new UsageLogPage(page.stream().map(this::display).toList(), total, query.limit(), query.offset(), hasMore, next);
    }

    @Override
    public long export(UsageLogFilter filter, Consumer<DisplayedUsageLog> sink) {
        LegacyAttribution attribution = detectionOnRead.attributionFor(repository, filter);
        Keyset after = null;
        long written = 0;
        while (true) {
            List<UsageLog> chunk = repository.find(filter, attribution, after, 0, EXPORT_CHUNK);
            for (UsageLog log : chunk) {
                sink.accept(display(log));
            }
            written += chunk.size();
            if (chunk.size() < EXPORT_CHUNK) {
                return written;
            }
            UsageLog last = chunk.get(chunk.size() - 1);
            after = new Keyset(last.timestamp(), last.id());
        }
    }

    private DisplayedUsageLog display(UsageLog log) {
        return new DisplayedUsageLog(log, detectionOnRead.of(log));
    }
}
