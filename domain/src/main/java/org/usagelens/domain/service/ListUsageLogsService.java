package org.usagelens.domain.service;

import java.util.ArrayList;
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

/**
 * Reads pages of usage logs, or all of them for an export, with the provider each is shown under. Both read in chunks
 * sized by bytes, not rows: a chunk holds about {@link #CHUNK_BYTES} of text (a store returns every free-text field
 * within its size limit, so a row has a bounded size), so memory stays bounded whatever the page, the export or the
 * rows.
 */
public final class ListUsageLogsService implements ListUsageLogsUseCase, ExportUsageLogsUseCase {
    /** Rows of the first chunk, before their size is known. */
    static final int FIRST_CHUNK = 500;
    /** The most rows a chunk holds, however small they are. */
    static final int MAX_CHUNK = 2000;
    /** The fewest rows a chunk holds, however large. */
    static final int MIN_CHUNK = 50;
    /** About how many bytes of row text a chunk holds. */
    static final long CHUNK_BYTES = 2L * 1024 * 1024;
    /** What a row costs besides its free text (numbers, ids, detection), roughly, in bytes. */
    private static final int ROW_OVERHEAD = 400;

    private final UsageLogRepository repository;
    private final DetectionOnRead detectionOnRead;

    public ListUsageLogsService(UsageLogRepository repository, DetectionOnRead detectionOnRead) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.detectionOnRead = Objects.requireNonNull(detectionOnRead, "detectionOnRead");
    }

    @Override
    public UsageLogPage list(UsageLogQuery query) {
        List<DisplayedUsageLog> logs = new ArrayList<>(Math.min(query.limit(), MAX_CHUNK));
        PageInfo info = stream(query, logs::add);
        return new UsageLogPage(logs, info.totalCount(), info.limit(), info.offset(), info.hasMore(), info.next());
    }

    @Override
    public PageInfo stream(UsageLogQuery query, Consumer<DisplayedUsageLog> sink) {
        UsageLogFilter filter = query.filter();
        LegacyAttribution attribution = detectionOnRead.attributionFor(repository, filter);
        Keyset after = query.after();
        int offset = query.offset();
        int left = query.limit();
        int chunk = FIRST_CHUNK;
        UsageLog last = null;
        boolean hasMore;
        while (true) {
            int size = Math.min(left, chunk);
            boolean lastChunk = size == left;
            // On the page's last chunk, one extra row tells whether another page follows without a second query.
            List<UsageLog> rows = repository.find(filter, attribution, after, offset, lastChunk ? size + 1 : size);
            offset = 0;
            int taken = Math.min(rows.size(), size);
            for (int i = 0; i < taken; i++) {
                sink.accept(display(rows.get(i)));
            }
            if (taken > 0) {
                last = rows.get(taken - 1);
            }
            left -= taken;
            if (lastChunk || rows.size() < size) {
                hasMore = lastChunk && rows.size() > size;
                break;
            }
            after = new Keyset(last.timestamp(), last.id());
            chunk = nextChunk(rows.subList(0, taken));
        }
        long total = repository.count(filter, attribution);
        Keyset next = hasMore ? new Keyset(last.timestamp(), last.id()) : null;
        return new PageInfo(total, query.limit(), query.offset(), hasMore, next);
    }

    @Override
    public long export(UsageLogFilter filter, Consumer<DisplayedUsageLog> sink) {
        LegacyAttribution attribution = detectionOnRead.attributionFor(repository, filter);
        Keyset after = null;
        long written = 0;
        int chunk = FIRST_CHUNK;
        while (true) {
            List<UsageLog> rows = repository.find(filter, attribution, after, 0, chunk);
            for (UsageLog log : rows) {
                sink.accept(display(log));
            }
            written += rows.size();
            if (rows.size() < chunk) {
                return written;
            }
            UsageLog last = rows.get(rows.size() - 1);
            after = new Keyset(last.timestamp(), last.id());
            chunk = nextChunk(rows);
        }
    }

    /** The rows of the next chunk: about {@link #CHUNK_BYTES} at the size of the rows just read. */
    static int nextChunk(List<UsageLog> rows) {
        if (rows.isEmpty()) {
            return FIRST_CHUNK;
        }
        long bytes = 0;
        for (UsageLog log : rows) {
            bytes += ROW_OVERHEAD + length(log.errorMessage()) + length(log.userAgent()) + length(log.endpoint())
                    + length(log.modelUsed());
        }
        long perRow = Math.max(1, bytes / rows.size());
        return (int) Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, CHUNK_BYTES / perRow));
    }

    private static int length(String s) {
        return s == null ? 0 : s.length() * 2; // a Java string's chars, 2 bytes each
    }

    private DisplayedUsageLog display(UsageLog log) {
        return new DisplayedUsageLog(log, detectionOnRead.of(log));
    }
}
