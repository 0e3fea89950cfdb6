package org.usagelens.persistence;

import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStepN;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.persistence.jooq.tables.records.ApiUsageLogsRecord;

/** {@link UsageLogRepository} on PostgreSQL through jOOQ. */
public final class JooqUsageLogRepository implements UsageLogRepository {

    private final DSLContext dsl;

    public JooqUsageLogRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public List<OptionalLong> insertNew(List<NewUsageLog> logs) {
        if (logs.isEmpty()) {
            return List.of();
        }
        var t = API_USAGE_LOGS;
        return StoreErrors.translate(() -> {
            InsertValuesStepN<ApiUsageLogsRecord> insert = dsl.insertInto(t, t.IDEMPOTENCY_KEY, t.USER_ID, t.PROVIDER,
                    t.ENDPOINT, t.METHOD, t.MODEL_USED, t.TOKENS_INPUT, t.TOKENS_OUTPUT, t.TOKENS_TOTAL,
                    t.COST_INPUT, t.COST_OUTPUT, t.COST_TOTAL, t.RESPONSE_TIME, t.STATUS_CODE, t.REQUEST_SIZE,
                    t.RESPONSE_SIZE, t.USER_AGENT, t.IP_ADDRESS, t.ERROR_MESSAGE, t.RETRY_COUNT, t.TIMESTAMP,
                    t.BILLING_PERIOD, t.ACTUAL_PROVIDER_NAME, t.DETECTION_SOURCE, t.DETECTION_RULE,
                    t.DETECTION_RULES_VERSION);
            for (NewUsageLog log : logs) {
                UsageEvent e = log.event();
                StoredDetection d = log.detection();
                insert = insert.values(e.idempotencyKey(), e.userId(), e.category().wireName(), e.endpoint(),
                        e.method(), e.modelUsed(), e.tokensInput(), e.tokensOutput(), e.tokensTotal(), e.costInput(),
                        e.costOutput(), e.costTotal(), e.responseTime(), e.statusCode(), e.requestSize(),
                        e.responseSize(), e.userAgent(), e.ipAddress(), e.errorMessage(), e.retryCount(),
                        OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC), e.billingPeriod(),
                        d == null ? null : d.providerId(), d == null ? null : d.source(),
                        d == null ? null : d.ruleId(), d == null ? null : d.rulesVersion());
            }
            // One statement: atomic, and a replayed (user, key) is skipped rather than failing the batch.
            Map<List<String>, Long> inserted = new HashMap<>();
            for (Record r : insert.onConflict(t.USER_ID, t.IDEMPOTENCY_KEY).doNothing()
                    .returningResult(t.ID, t.USER_ID, t.IDEMPOTENCY_KEY).fetch()) {
                inserted.put(List.of(r.get(t.USER_ID), r.get(t.IDEMPOTENCY_KEY)), r.get(t.ID));
            }
            List<OptionalLong> ids = new ArrayList<>(logs.size());
            for (NewUsageLog log : logs) {
                Long id = inserted.get(List.of(log.event().userId(), log.event().idempotencyKey()));
                ids.add(id == null ? OptionalLong.empty() : OptionalLong.of(id));
            }
            return ids;
        });
    }

    @Override
    public List<UsageLog> find(UsageLogFilter filter, Keyset after, int offset, int limit) {
        var t = API_USAGE_LOGS;
        Condition where = conditions(filter);
        if (after != null) {
            where = where.and(DSL.row(t.TIMESTAMP, t.ID)
                    .lt(OffsetDateTime.ofInstant(after.timestamp(), ZoneOffset.UTC), after.id()));
        }
        Condition condition = where;
        return StoreErrors.translate(() -> dsl.selectFrom(t)
                .where(condition)
                .orderBy(t.TIMESTAMP.desc(), t.ID.desc())
                .offset(offset)
                .limit(limit)
                .fetch(JooqUsageLogRepository::toDomain));
    }

    @Override
    public long count(UsageLogFilter filter) {
        return StoreErrors.translate(() -> (long) dsl.fetchCount(API_USAGE_LOGS, conditions(filter)));
    }

    @Override
    public boolean isEmpty() {
        return StoreErrors.translate(() -> !dsl.fetchExists(API_USAGE_LOGS));
    }

    private static Condition conditions(UsageLogFilter f) {
        var t = API_USAGE_LOGS;
        List<Condition> c = new ArrayList<>();
        c.add(t.USER_ID.eq(f.userId()));
        if (f.actualProvider() != null) {
            c.add(t.ACTUAL_PROVIDER_NAME.eq(f.actualProvider()));
        }
        if (f.category() != null) {
            c.add(t.PROVIDER.eq(f.category().wireName()));
        }
        if (f.status() != null) {
            Condition success = t.STATUS_CODE.between(200, 299);
            c.add(f.status() == UsageLogFilter.CallStatus.SUCCESS ? success : success.not());
        }
        if (f.statusCode() != null) {
            c.add(t.STATUS_CODE.eq(f.statusCode()));
        }
        if (f.billingPeriod() != null) {
            c.add(t.BILLING_PERIOD.eq(f.billingPeriod()));
        }
        if (f.from() != null) {
            c.add(t.TIMESTAMP.ge(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            c.add(t.TIMESTAMP.lt(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC)));
        }
        return DSL.and(c);
    }

    private static UsageLog toDomain(ApiUsageLogsRecord r) {
        StoredDetection detection = r.getActualProviderName() == null ? null
                : new StoredDetection(r.getActualProviderName(), r.getDetectionSource(), r.getDetectionRule(),
                        r.getDetectionRulesVersion());
        return new UsageLog(r.getId(), r.getIdempotencyKey(), r.getUserId(), r.getProvider(), r.getEndpoint(),
                r.getMethod(), r.getModelUsed(), r.getTokensInput(), r.getTokensOutput(), r.getTokensTotal(),
                r.getCostInput(), r.getCostOutput(), r.getCostTotal(), r.getResponseTime(), r.getStatusCode(),
                r.getRequestSize(), r.getResponseSize(), r.getUserAgent(), r.getIpAddress(), r.getErrorMessage(),
                r.getRetryCount(), r.getTimestamp().toInstant(), r.getBillingPeriod(), detection);
    }
}
