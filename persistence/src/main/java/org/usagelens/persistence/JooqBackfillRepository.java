package org.usagelens.persistence;

import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;

import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.CategoryGuess;
import org.usagelens.domain.model.DetectionVersionCount;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.Redetection;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.out.BackfillRepository;
import org.usagelens.persistence.jooq.tables.ApiUsageLogs;

/**
 * {@link BackfillRepository} on PostgreSQL. Candidates are read by keyset on the id; a batch is written by one
 * {@code UPDATE ... FROM unnest(arrays)} (one statement, so one short transaction, whatever the batch size), which
 * only touches rows that still hold the detection they were read with.
 */
final class JooqBackfillRepository implements BackfillRepository {
    private static final ApiUsageLogs T = API_USAGE_LOGS;

    /** What a candidate is read with. */
    private static final List<SelectField<?>> CANDIDATE_FIELDS = List.of(T.ID, T.PROVIDER, T.MODEL_USED, T.ENDPOINT,
            T.ACTUAL_PROVIDER_NAME, T.DETECTION_SOURCE, T.DETECTION_RULE, T.DETECTION_RULES_VERSION, T.CATEGORY_GUESSED,
            T.PROVIDER_HINT);

    // The batch's arrays, unnested: the new detection beside the one each row was read with.
    private static final Field<Long> V_ID = DSL.field(DSL.name("v", "id"), SQLDataType.BIGINT);
    private static final Field<String> V_PROVIDER = DSL.field(DSL.name("v", "provider"), SQLDataType.VARCHAR);
    private static final Field<String> V_SOURCE = DSL.field(DSL.name("v", "source"), SQLDataType.VARCHAR);
    private static final Field<String> V_RULE = DSL.field(DSL.name("v", "rule"), SQLDataType.VARCHAR);
    private static final Field<String> V_VERSION = DSL.field(DSL.name("v", "version"), SQLDataType.VARCHAR);
    private static final Field<String> V_OLD_PROVIDER = DSL.field(DSL.name("v", "old_provider"), SQLDataType.VARCHAR);
    private static final Field<String> V_OLD_SOURCE = DSL.field(DSL.name("v", "old_source"), SQLDataType.VARCHAR);
    private static final Field<String> V_OLD_RULE = DSL.field(DSL.name("v", "old_rule"), SQLDataType.VARCHAR);
    private static final Field<String> V_OLD_VERSION = DSL.field(DSL.name("v", "old_version"), SQLDataType.VARCHAR);

    private final DSLContext dsl;

    JooqBackfillRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Rows the backfill may have to detect: not a client's, and without provider or of another rules version. The
     * source is inlined, not bound, so that the statement reads like the partial indexes' predicates.
     */
    private static Condition candidate(String currentVersion) {
        return T.DETECTION_SOURCE.isDistinctFrom(DSL.inline(StoredDetection.CLIENT_SOURCE))
                .and(T.ACTUAL_PROVIDER_NAME.isNull().or(T.DETECTION_RULES_VERSION.isDistinctFrom(currentVersion)));
    }

    @Override
    public List<BackfillCandidate> candidatesAfter(long afterId, String currentVersion, int limit) {
        return StoreErrors.translate(() -> dsl.select(CANDIDATE_FIELDS).from(T)
                .where(T.ID.gt(afterId)).and(candidate(currentVersion))
                .orderBy(T.ID).limit(limit)
                .fetch(JooqBackfillRepository::candidate));
    }

    private static BackfillCandidate candidate(Record r) {
        String provider = r.get(T.ACTUAL_PROVIDER_NAME);
        StoredDetection stored = provider == null ? null : new StoredDetection(provider, r.get(T.DETECTION_SOURCE),
                r.get(T.DETECTION_RULE), r.get(T.DETECTION_RULES_VERSION));
        CategoryGuess guess = Boolean.TRUE.equals(r.get(T.CATEGORY_GUESSED)) ? new CategoryGuess(r.get(T.PROVIDER_HINT))
                : null;
        return new BackfillCandidate(r.get(T.ID), r.get(T.PROVIDER), r.get(T.MODEL_USED), r.get(T.ENDPOINT), stored,
                guess);
    }

    @Override
    public List<BackfillCandidate> undetected(int limit) {
        // ix_api_usage_logs_undetected (V5) holds exactly these rows, so this stays cheap on any table size.
        return StoreErrors.translate(() -> dsl.select(CANDIDATE_FIELDS).from(T)
                .where(T.DETECTION_SOURCE.isNull())
                .orderBy(T.ID).limit(limit)
                .fetch(JooqBackfillRepository::candidate));
    }

    @Override
    public long countCandidates(String currentVersion) {
        return StoreErrors.translate(() -> dsl.select(rowCount()).from(T).where(candidate(currentVersion))
                .fetchOne(0, Long.class));
    }

    @Override
    public List<Long> apply(List<Redetection> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        int n = batch.size();
        Long[] ids = new Long[n];
        String[][] text = new String[8][n];
        for (int i = 0; i < n; i++) {
            Redetection r = batch.get(i);
            ids[i] = r.id();
            StoredDetection d = r.detected();
            StoredDetection e = r.expected();
            text[0][i] = d.providerId();
            text[1][i] = d.source();
            text[2][i] = d.ruleId();
            text[3][i] = d.rulesVersion();
            text[4][i] = e == null ? null : e.providerId();
            text[5][i] = e == null ? null : e.source();
            text[6][i] = e == null ? null : e.ruleId();
            text[7][i] = e == null ? null : e.rulesVersion();
        }
        var texts = SQLDataType.VARCHAR.array();
        Table<?> v = DSL.table("unnest({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})"
                        + " AS v(id, provider, source, rule, version, old_provider, old_source, old_rule, old_version)",
                DSL.val(ids, SQLDataType.BIGINT.array()), DSL.val(text[0], texts), DSL.val(text[1], texts),
                DSL.val(text[2], texts), DSL.val(text[3], texts), DSL.val(text[4], texts), DSL.val(text[5], texts),
                DSL.val(text[6], texts), DSL.val(text[7], texts));
        // Only rows that still hold what they were read with: none (and still none), or that very detection.
        Condition unchanged = V_OLD_PROVIDER.isNull().and(T.ACTUAL_PROVIDER_NAME.isNull())
                .or(T.ACTUAL_PROVIDER_NAME.eq(V_OLD_PROVIDER)
                        .and(T.DETECTION_SOURCE.isNotDistinctFrom(V_OLD_SOURCE))
                        .and(T.DETECTION_RULE.isNotDistinctFrom(V_OLD_RULE))
                        .and(T.DETECTION_RULES_VERSION.isNotDistinctFrom(V_OLD_VERSION)));
        return StoreErrors.translate(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            // The commit need not wait for the WAL flush: a batch lost to a server crash is found again and redone by
            // the next run, like one the run never reached. LOCAL: the connection may be a pooled one of the server,
            // whose acknowledged writes must stay durable.
            tx.execute("SET LOCAL synchronous_commit = off");
            return tx.update(T)
                    .set(T.ACTUAL_PROVIDER_NAME, V_PROVIDER)
                    .set(T.DETECTION_SOURCE, V_SOURCE)
                    .set(T.DETECTION_RULE, V_RULE)
                    .set(T.DETECTION_RULES_VERSION, V_VERSION)
                    .from(v)
                    .where(T.ID.eq(V_ID)).and(unchanged)
                    .returningResult(T.ID)
                    .fetch(T.ID);
        }));
    }

    /** {@code count(*)}, read as the bigint PostgreSQL returns: a table may hold more than 2^31 rows. */
    private static Field<Long> rowCount() {
        return DSL.count().coerce(SQLDataType.BIGINT);
    }

    @Override
    public List<DetectionVersionCount> detectionVersions() {
        Field<Long> total = rowCount();
        Field<Long> without = DSL.count().filterWhere(T.ACTUAL_PROVIDER_NAME.isNull()).coerce(SQLDataType.BIGINT);
        return StoreErrors.translate(() -> dsl.select(T.DETECTION_RULES_VERSION, total, without).from(T)
                .where(T.DETECTION_SOURCE.isDistinctFrom(DSL.inline(StoredDetection.CLIENT_SOURCE)))
                .groupBy(T.DETECTION_RULES_VERSION)
                .fetch(r -> new DetectionVersionCount(r.get(T.DETECTION_RULES_VERSION), r.get(total),
                        r.get(without))));
    }

    @Override
    public List<ProviderCheckRow> providerCheck() {
        Field<Long> rows = rowCount();
        return StoreErrors.translate(() -> dsl.select(T.PROVIDER, T.ACTUAL_PROVIDER_NAME, T.MODEL_USED, rows).from(T)
                .groupBy(T.PROVIDER, T.ACTUAL_PROVIDER_NAME, T.MODEL_USED)
                .orderBy(T.PROVIDER, T.ACTUAL_PROVIDER_NAME.asc().nullsLast(), T.MODEL_USED.asc().nullsLast())
                .fetch(r -> new ProviderCheckRow(r.get(T.PROVIDER), r.get(T.ACTUAL_PROVIDER_NAME), r.get(T.MODEL_USED),
                        r.get(rows))));
    }
}
