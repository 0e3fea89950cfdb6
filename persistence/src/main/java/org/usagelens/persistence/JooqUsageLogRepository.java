package org.usagelens.persistence;

import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_COUNTS;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.math.BigDecimal;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.impl.SQLDataType;
import org.jooq.Record;
import org.jooq.impl.DSL;
import java.util.function.Function;
import org.usagelens.domain.model.CostSource;
import org.usagelens.domain.model.Costs;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.Tokens;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.TextRules;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.persistence.jooq.tables.records.ApiUsageLogsRecord;

/** {@link UsageLogRepository} on PostgreSQL through jOOQ. */
final class JooqUsageLogRepository implements UsageLogRepository {

    private final DSLContext dsl;

    JooqUsageLogRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /** One column of the multi-row insert: the table's field, the SQL type of its array, and each log's value. */
    private record Column<T>(Field<T> field, DataType<T> type, Function<NewUsageLog, T> value) {
        Field<T[]> array(List<NewUsageLog> logs) {
            @SuppressWarnings("unchecked")
            T[] values = (T[]) java.lang.reflect.Array.newInstance(type.getType(), logs.size());
            for (int i = 0; i < values.length; i++) {
                values[i] = value.apply(logs.get(i));
            }
            return DSL.val(values, type.getArrayDataType());
        }
    }

    private static <T> Column<T> column(Field<T> field, DataType<T> type, Function<NewUsageLog, T> value) {
        return new Column<>(field, type, value);
    }

    /** Every column a new log fills, in one place: the insert sends one array per column. */
    private static final List<Column<?>> INSERTED = insertedColumns();

    private static List<Column<?>> insertedColumns() {
        var t = API_USAGE_LOGS;
        DataType<String> text = SQLDataType.VARCHAR;
        DataType<Long> bigint = SQLDataType.BIGINT;
        DataType<BigDecimal> numeric = SQLDataType.NUMERIC;
        return List.of(
                column(t.IDEMPOTENCY_KEY, text, l -> l.event().idempotencyKey()),
                column(t.USER_ID, text, l -> l.event().userId()),
                column(t.PROVIDER, text, l -> l.event().category().wireName()),
                column(t.ENDPOINT, text, l -> l.event().endpoint()),
                column(t.METHOD, text, l -> l.event().method()),
                column(t.MODEL_USED, text, l -> l.event().modelUsed()),
                column(t.TOKENS_INPUT, bigint, l -> l.event().tokensInput()),
                column(t.TOKENS_OUTPUT, bigint, l -> l.event().tokensOutput()),
                column(t.TOKENS_TOTAL, bigint, l -> l.event().tokensTotal()),
                column(t.COST_INPUT, numeric, l -> l.cost().costInput()),
                column(t.COST_OUTPUT, numeric, l -> l.cost().costOutput()),
                column(t.COST_TOTAL, numeric, l -> l.cost().costTotal()),
                column(t.RESPONSE_TIME, SQLDataType.DOUBLE, l -> l.event().responseTime()),
                column(t.STATUS_CODE, SQLDataType.INTEGER, l -> l.event().statusCode()),
                column(t.REQUEST_SIZE, bigint, l -> l.event().requestSize()),
                column(t.RESPONSE_SIZE, bigint, l -> l.event().responseSize()),
                column(t.USER_AGENT, text, l -> l.event().userAgent()),
                column(t.IP_ADDRESS, text, l -> l.event().ipAddress()),
                column(t.ERROR_MESSAGE, text, l -> l.event().errorMessage()),
                column(t.RETRY_COUNT, SQLDataType.INTEGER, l -> l.event().retryCount()),
                column(t.TIMESTAMP, SQLDataType.TIMESTAMPWITHTIMEZONE,
                        l -> OffsetDateTime.ofInstant(l.event().timestamp(), ZoneOffset.UTC)),
                column(t.BILLING_PERIOD, text, l -> l.event().billingPeriod()),
                column(t.ACTUAL_PROVIDER_NAME, text, l -> l.detection() == null ? null : l.detection().providerId()),
                column(t.DETECTION_SOURCE, text, l -> l.detection() == null ? null : l.detection().source()),
                column(t.DETECTION_RULE, text, l -> l.detection() == null ? null : l.detection().ruleId()),
                column(t.DETECTION_RULES_VERSION, text, l -> l.detection() == null ? null : l.detection().rulesVersion()),
                column(t.UNITS, SQLDataType.JSONB, l -> UnitsJson.write(l.event().units())),
                column(t.COST_SOURCE, text, l -> l.cost().source() == null ? null : l.cost().source().wireName()),
                column(t.UNPRICED_REASON, text, l -> l.cost().unpricedReason()),
                column(t.PRICE_VERSION, text, l -> l.cost().priceVersion()),
                column(t.CATALOG_COST_TOTAL, numeric, l -> l.cost().catalogCostTotal()),
                column(t.CATEGORY_GUESSED, SQLDataType.BOOLEAN, l -> l.guess() != null),
                column(t.PROVIDER_HINT, text, l -> l.guess() == null ? null : l.guess().providerHint()));
    }

    @Override
    public List<OptionalLong> insertNew(List<NewUsageLog> logs) {
        if (logs.isEmpty()) {
            return List.of();
        }
        var t = API_USAGE_LOGS;
        return StoreErrors.translate(() -> {
            // One array per column, unnested server side: a 500-event batch is one statement with a bind value per
            // column instead of one per field, which PostgreSQL parses and plans in a fraction of the time.
            // Rows in (user, key) order: two batches that share events then take the unique index's locks in
            // the same order and one waits for the other instead of deadlocking.
            List<NewUsageLog> sorted = logs.stream()
                    .sorted(Comparator.comparing((NewUsageLog l) -> l.event().userId())
                            .thenComparing(l -> l.event().idempotencyKey()))
                    .toList();
            Field<?>[] arrays = INSERTED.stream().map(c -> c.array(sorted)).toArray(Field<?>[]::new);
            StringBuilder columns = new StringBuilder();
            StringBuilder placeholders = new StringBuilder();
            for (int i = 0; i < arrays.length; i++) {
                columns.append(i == 0 ? "" : ", ").append('c').append(i);
                placeholders.append(i == 0 ? "" : ", ").append('{').append(i).append('}');
            }
            Table<?> rows = DSL.table("unnest(" + placeholders + ") AS r(" + columns + ")", (Object[]) arrays);
            List<Field<?>> selected = new ArrayList<>();
            for (int i = 0; i < INSERTED.size(); i++) {
                selected.add(DSL.field(DSL.name("r", "c" + i), INSERTED.get(i).type()));
            }
            var insert = dsl.insertInto(t, INSERTED.stream().map(Column::field).toArray(Field<?>[]::new))
                    .select(DSL.select(selected).from(rows));
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
    public List<UsageLog> find(UsageLogFilter filter, LegacyAttribution attribution, Keyset after, int offset, int limit) {
        var t = API_USAGE_LOGS;
        Condition where = LogConditions.of(filter, attribution);
        if (after != null) {
            where = where.and(DSL.row(t.TIMESTAMP, t.ID)
                    .lt(OffsetDateTime.ofInstant(after.timestamp(), ZoneOffset.UTC), after.id()));
        }
        Condition condition = where;
        return StoreErrors.translate(() -> dsl.select(READ)
                .from(t)
                .where(condition)
                .orderBy(t.TIMESTAMP.desc(), t.ID.desc())
                .offset(offset)
                .limit(limit)
                .fetch(r -> toDomain(r.into(t), r.get(ERROR_MESSAGE_BYTES))));
    }

    /**
     * Characters of an error message read: a row holds at most this much of it, whatever another writer stored
     * (the original system's column is unbounded text; one export of rows with 1 MB messages took 2 GB of heap). A
     * longer message is cut to {@link TextRules#MAX_ERROR_MESSAGE_BYTES} with the truncation marker, which names its
     * full size. {@code substr} of a compressed value decompresses only the slice it needs.
     */
    private static final int ERROR_MESSAGE_READ = TextRules.MAX_ERROR_MESSAGE_BYTES;
    /** The longest {@code units} read; a larger value (only another writer could store one) is shown as none. */
    private static final int UNITS_READ_BYTES = 4096;
    private static final Field<Integer> ERROR_MESSAGE_BYTES = DSL.field("octet_length({0})", SQLDataType.INTEGER,
            API_USAGE_LOGS.ERROR_MESSAGE).as("error_message_bytes");
    /** Every column of a log, free text bounded as above. */
    private static final List<Field<?>> READ = readColumns();

    private static List<Field<?>> readColumns() {
        var t = API_USAGE_LOGS;
        List<Field<?>> fields = new ArrayList<>();
        for (Field<?> f : t.fields()) {
            if (f.equals(t.ERROR_MESSAGE)) {
                fields.add(DSL.field("substr({0}, 1, {1})", SQLDataType.CLOB, t.ERROR_MESSAGE, DSL.inline(ERROR_MESSAGE_READ))
                        .as(t.ERROR_MESSAGE.getName()));
            } else if (f.equals(t.UNITS)) {
                fields.add(DSL.when(DSL.field("octet_length({0}::text)", SQLDataType.INTEGER, t.UNITS)
                        .le(UNITS_READ_BYTES), t.UNITS).as(t.UNITS.getName()));
            } else {
                fields.add(f);
            }
        }
        fields.add(ERROR_MESSAGE_BYTES);
        return List.copyOf(fields);
    }

    @Override
    public long count(UsageLogFilter filter, LegacyAttribution attribution) {
        if (filter.from() != null || filter.to() != null
                || (filter.actualProvider() != null && !attribution.signaturesOf(filter.actualProvider()).isEmpty())) {
            // Instants cut through the counters' months, and rows attributed on read are not counted under
            // the provider they are shown under: count the rows themselves.
            return StoreErrors.translate(() -> (long) dsl.fetchCount(API_USAGE_LOGS, LogConditions.of(filter, attribution)));
        }
        var c = API_USAGE_LOG_COUNTS;
        List<Condition> where = LogConditions.rollupRows(filter, c.USER_ID, c.CALLS, c.ACTUAL_PROVIDER_NAME);
        where.addAll(LogConditions.calls(filter, c.PROVIDER, c.STATUS_CODE, c.BILLING_PERIOD));
        // The rows of a group are its calls less those a retention removed (V8): the calls stay for analytics.
        return StoreErrors.translate(() -> dsl.select(DSL.coalesce(DSL.sum(c.CALLS.minus(c.RETAINED_CALLS)), BigDecimal.ZERO))
                .from(c).where(where).fetchOne(0, BigDecimal.class).longValueExact());
    }

    @Override
    public List<LegacyAttribution.CallSignature> undetectedSignatures(UsageLogFilter filter) {
        var t = API_USAGE_LOGS;
        Condition where = LogConditions.of(filter.withActualProvider(null), LegacyAttribution.NONE)
                .and(t.ACTUAL_PROVIDER_NAME.isNull());
        return StoreErrors.translate(() -> dsl.selectDistinct(t.PROVIDER, t.MODEL_USED, t.ENDPOINT)
                .from(t)
                .where(where)
                .fetch(r -> new LegacyAttribution.CallSignature(r.value1(), r.value2(), r.value3())));
    }

    @Override
    public boolean isEmpty() {
        return StoreErrors.translate(() -> !dsl.fetchExists(API_USAGE_LOGS));
    }

    private static UsageLog toDomain(ApiUsageLogsRecord r, Integer errorMessageBytes) {
        StoredDetection detection = r.getActualProviderName() == null ? null
                : new StoredDetection(r.getActualProviderName(), r.getDetectionSource(), r.getDetectionRule(),
                        r.getDetectionRulesVersion());
        UsageLog.Provenance provenance = new UsageLog.Provenance(
                r.getCostSource() == null ? null : CostSource.fromWireName(r.getCostSource()).orElse(null),
                r.getUnpricedReason(), r.getPriceVersion(), r.getCatalogCostTotal(), UnitsJson.read(r.getUnits()));
        return new UsageLog(r.getId(), r.getIdempotencyKey(), r.getUserId(), r.getProvider(), r.getEndpoint(),
                r.getMethod(), r.getModelUsed(), new Tokens(r.getTokensInput(), r.getTokensOutput(), r.getTokensTotal()),
                new Costs(r.getCostInput(), r.getCostOutput(), r.getCostTotal()), r.getResponseTime(), r.getStatusCode(),
                r.getRequestSize(), r.getResponseSize(), r.getUserAgent(), r.getIpAddress(),
                TextRules.truncateUtf8(r.getErrorMessage(), TextRules.MAX_ERROR_MESSAGE_BYTES,
                        errorMessageBytes == null ? 0 : errorMessageBytes),
                r.getRetryCount(), r.getTimestamp().toInstant(), r.getBillingPeriod(), detection, provenance);
    }
}
