package org.usagelens.domain.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.UsageLogRepository;

/** A {@link UsageLogRepository} in memory, for service tests; it passes the same contract as the real one. */
public final class InMemoryUsageLogRepository implements UsageLogRepository {

    private static final Comparator<UsageLog> NEWEST_FIRST =
            Comparator.comparing(UsageLog::timestamp).thenComparingLong(UsageLog::id).reversed();

    private final Map<Long, UsageLog> rows = new LinkedHashMap<>();
    private long nextId = 1;

    @Override
    public synchronized List<OptionalLong> insertNew(List<NewUsageLog> logs) {
        List<OptionalLong> ids = new ArrayList<>();
        for (NewUsageLog log : logs) {
            UsageEvent e = log.event();
            boolean exists = rows.values().stream().anyMatch(r -> r.userId().equals(e.userId())
                    && e.idempotencyKey().equals(r.idempotencyKey()));
            if (exists) {
                ids.add(OptionalLong.empty());
                continue;
            }
            long id = nextId++;
            rows.put(id, new UsageLog(id, e.idempotencyKey(), e.userId(), e.category().wireName(), e.endpoint(),
                    e.method(), e.modelUsed(), e.tokensInput(), e.tokensOutput(), e.tokensTotal(), e.costInput(),
                    e.costOutput(), e.costTotal(), e.responseTime(), e.statusCode(), e.requestSize(),
                    e.responseSize(), e.userAgent(), e.ipAddress(), e.errorMessage(), e.retryCount(), e.timestamp(),
                    e.billingPeriod(), log.detection()));
            ids.add(OptionalLong.of(id));
        }
        return ids;
    }

    @Override
    public synchronized List<UsageLog> find(UsageLogFilter filter, Keyset after, int offset, int limit) {
        return rows.values().stream()
                .filter(matches(filter))
                .filter(r -> after == null || r.timestamp().isBefore(after.timestamp())
                        || (r.timestamp().equals(after.timestamp()) && r.id() < after.id()))
                .sorted(NEWEST_FIRST)
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long count(UsageLogFilter filter) {
        return rows.values().stream().filter(matches(filter)).count();
    }

    @Override
    public synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    private static Predicate<UsageLog> matches(UsageLogFilter f) {
        return r -> r.userId().equals(f.userId())
                && (f.actualProvider() == null
                    || (r.detection() != null && f.actualProvider().equals(r.detection().providerId())))
                && (f.category() == null || f.category().wireName().equals(r.category()))
                && (f.status() == null || (f.status() == UsageLogFilter.CallStatus.SUCCESS) == r.successful())
                && (f.statusCode() == null || f.statusCode() == r.statusCode())
                && (f.billingPeriod() == null || f.billingPeriod().equals(r.billingPeriod()))
                && (f.from() == null || !r.timestamp().isBefore(f.from()))
                && (f.to() == null || r.timestamp().isBefore(f.to()));
    }
}
