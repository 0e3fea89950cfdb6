package org.usagelens.persistence;

import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_COUNTS;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_DAILY;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_EPOCH;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.math.BigDecimal;
import java.time.LocalDate;
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
import org.usagelens.domain.model.DailyAggregate;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.MonthlyAggregate;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.UsageAggregate;
import org.usagelens.domain.model.UsageAnalytics;
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
                column(t.CATALOG_COST_TOTAL, numeric, l -> l.cost().catalogCostTotal()));
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
        Condition where = conditions(filter, attribution);
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
    public long count(UsageLogFilter filter, LegacyAttribution attribution) {
        if (filter.from() != null || filter.to() != null
                || (filter.actualProvider() != null && !attribution.signaturesOf(filter.actualProvider()).isEmpty())) {
            // Instants cut through the counters' months, and rows attributed on read are not counted under
            // the provider they are shown under: count the rows themselves.
            return StoreErrors.translate(() -> (long) dsl.fetchCount(API_USAGE_LOGS, conditions(filter, attribution)));
        }
        var c = API_USAGE_LOG_COUNTS;
        List<Condition> where = rollupRows(filter, c.USER_ID, c.CALLS, c.ACTUAL_PROVIDER_NAME);
        where.addAll(callConditions(filter, c.PROVIDER, c.STATUS_CODE, c.BILLING_PERIOD));
        return StoreErrors.translate(() -> dsl.select(DSL.coalesce(DSL.sum(c.CALLS), BigDecimal.ZERO))
                .from(c).where(where).fetchOne(0, BigDecimal.class).longValueExact());
    }

    @Override
    public List<LegacyAttribution.CallSignature> undetectedSignatures(UsageLogFilter filter) {
        var t = API_USAGE_LOGS;
        Condition where = conditions(filter.withActualProvider(null), LegacyAttribution.NONE)
                .and(t.ACTUAL_PROVIDER_NAME.isNull());
        return StoreErrors.translate(() -> dsl.selectDistinct(t.PROVIDER, t.MODEL_USED, t.ENDPOINT)
                .from(t)
                .where(where)
                .fetch(r -> new LegacyAttribution.CallSignature(r.value1(), r.value2(), r.value3())));
    }

    @Override
    public List<UsageAggregate> aggregate(UsageLogFilter filter, LegacyAttribution attribution) {
        return StoreErrors.translate(() -> aggregate(dsl, filter, attribution));
    }

    @Override
    public List<DailyAggregate> daily(UsageLogFilter filter, LegacyAttribution attribution) {
        return StoreErrors.translate(() -> daily(dsl, filter, attribution));
    }

    @Override
    public UsageAnalytics analytics(UsageLogFilter filter, LegacyAttribution attribution) {
        // One snapshot for the rollups and the rows, so the daily series adds up to the totals while logs arrive.
        return StoreErrors.translate(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            return new UsageAnalytics(aggregate(tx, filter, attribution), daily(tx, filter, attribution));
        }));
    }

    @Override
    public Optional<String> changeStamp(UsageLogFilter filter) {
        // Every statement that writes a user's logs adds 1 to `changes` of each counter group it touches
        // (V4__analytics_rollups.sql), and a truncate, which empties the counters, moves the epoch on.
        var c = API_USAGE_LOG_COUNTS;
        Condition where = c.USER_ID.eq(filter.userId());
        if (filter.billingPeriod() != null) {
            where = where.and(c.BILLING_PERIOD.eq(filter.billingPeriod()));
        }
        Condition scope = where;
        return StoreErrors.translate(() -> {
            Record r = dsl.select(DSL.field(DSL.select(DSL.max(API_USAGE_LOG_EPOCH.EPOCH)).from(API_USAGE_LOG_EPOCH)),
                            DSL.coalesce(DSL.sum(c.CHANGES), BigDecimal.ZERO))
                    .from(c).where(scope).fetchOne();
            return Optional.of(r.get(0) + "." + r.get(1));
        });
    }

    /**
     * Whether the rollups hold the filter's sums: they know no instants finer than a billing period, and
     * rows attributed on read count under '' there, not under the provider the attribution gives them.
     */
    private static boolean rollupsServe(UsageLogFilter filter, LegacyAttribution attribution) {
        return attribution.isEmpty() && filter.from() == null && filter.to() == null;
    }

    private static List<UsageAggregate> aggregate(DSLContext dsl, UsageLogFilter filter, LegacyAttribution attribution) {
        return rollupsServe(filter, attribution) ? aggregateFromRollups(dsl, filter) : aggregateFromRows(dsl, filter, attribution);
    }

    /** Sums from the counters, percentiles from the rows: the percentiles are all that still reads each row. */
    private static List<UsageAggregate> aggregateFromRollups(DSLContext dsl, UsageLogFilter filter) {
        var c = API_USAGE_LOG_COUNTS;
        List<Condition> where = rollupRows(filter, c.USER_ID, c.CALLS, c.ACTUAL_PROVIDER_NAME);
        where.addAll(callConditions(filter, c.PROVIDER, c.STATUS_CODE, c.BILLING_PERIOD));
        Field<Integer> providerRolledUp = DSL.grouping(c.ACTUAL_PROVIDER_NAME);
        Field<Integer> categoryRolledUp = DSL.grouping(c.PROVIDER);
        Field<BigDecimal> calls = DSL.coalesce(DSL.sum(c.CALLS), BigDecimal.ZERO);
        Field<BigDecimal> successful = DSL.coalesce(DSL.sum(c.CALLS).filterWhere(c.STATUS_CODE.between(200, 299)),
                BigDecimal.ZERO);
        Field<BigDecimal> tokensIn = DSL.coalesce(DSL.sum(c.TOKENS_INPUT), BigDecimal.ZERO);
        Field<BigDecimal> tokensOut = DSL.coalesce(DSL.sum(c.TOKENS_OUTPUT), BigDecimal.ZERO);
        Field<BigDecimal> cost = DSL.coalesce(DSL.sum(c.COST_TOTAL), BigDecimal.ZERO);
        Field<BigDecimal> unpriced = DSL.coalesce(DSL.sum(c.UNPRICED_CALLS), BigDecimal.ZERO);
        Field<BigDecimal> catalogPriced = DSL.coalesce(DSL.sum(c.CATALOG_PRICED_CALLS), BigDecimal.ZERO);
        Field<BigDecimal> catalogCost = DSL.coalesce(DSL.sum(c.CATALOG_COST_TOTAL), BigDecimal.ZERO);
        Field<BigDecimal> compared = DSL.coalesce(DSL.sum(c.CATALOG_COMPARED_COST), BigDecimal.ZERO);
        Map<List<String>, Double[]> percentiles = percentiles(dsl, filter);
        return dsl.select(c.ACTUAL_PROVIDER_NAME, c.PROVIDER, providerRolledUp, categoryRolledUp, calls, successful,
                        tokensIn, tokensOut, cost, unpriced, catalogPriced, catalogCost, compared)
                .from(c)
                .where(where)
                .groupBy(DSL.groupingSets(new Field<?>[0], new Field<?>[] {c.ACTUAL_PROVIDER_NAME},
                        new Field<?>[] {c.ACTUAL_PROVIDER_NAME, c.PROVIDER}))
                .fetch(r -> {
                    boolean total = r.get(providerRolledUp) == 1;
                    boolean providerLevel = !total && r.get(categoryRolledUp) == 1;
                    String provider = total ? null : r.get(c.ACTUAL_PROVIDER_NAME);
                    String category = total || providerLevel ? null : r.get(c.PROVIDER);
                    Double[] p = percentiles.getOrDefault(groupKey(provider, category, total), new Double[2]);
                    return new UsageAggregate(provider == null || provider.isEmpty() ? null : provider, category,
                            r.get(calls).longValueExact(), r.get(successful).longValueExact(),
                            r.get(tokensIn).toBigIntegerExact(), r.get(tokensOut).toBigIntegerExact(), r.get(cost), p[0], p[1],
                            new UsageAggregate.Pricing(r.get(unpriced).longValueExact(), r.get(catalogPriced).longValueExact(),
                                    r.get(catalogCost), r.get(compared)));
                });
    }

    /**
     * The filter's user's rows of a rollup that still count calls (rows whose calls were all deleted stay, at 0),
     * of the filter's actual provider when it names one.
     */
    private static List<Condition> rollupRows(UsageLogFilter filter, Field<String> user, Field<Long> calls,
                                              Field<String> actualProvider) {
        List<Condition> where = new ArrayList<>();
        where.add(user.eq(filter.userId()));
        where.add(calls.ne(0L));
        if (filter.actualProvider() != null) {
            where.add(actualProvider.eq(filter.actualProvider()));
        }
        return where;
    }

    /** Exact continuous p50 and p95 of the latencies per group (total, provider, category within provider). */
    private static Map<List<String>, Double[]> percentiles(DSLContext dsl, UsageLogFilter filter) {
        var t = API_USAGE_LOGS;
        Field<String> provider = DSL.coalesce(t.ACTUAL_PROVIDER_NAME, DSL.inline("")).as("actual_provider");
        Field<Integer> providerRolledUp = DSL.grouping(t.ACTUAL_PROVIDER_NAME);
        Field<Integer> categoryRolledUp = DSL.grouping(t.PROVIDER);
        // One sort state for both fractions: PostgreSQL sorts each group's latencies once, not twice.
        Field<Double[]> p50p95 = DSL.field("percentile_cont(array[0.5, 0.95]) WITHIN GROUP (ORDER BY {0})",
                SQLDataType.DOUBLE.array(), t.RESPONSE_TIME);
        Map<List<String>, Double[]> byGroup = new HashMap<>();
        dsl.select(provider, t.PROVIDER, providerRolledUp, categoryRolledUp, p50p95)
                .from(t)
                .where(conditions(filter, LegacyAttribution.NONE))
                .groupBy(DSL.groupingSets(new Field<?>[0], new Field<?>[] {t.ACTUAL_PROVIDER_NAME},
                        new Field<?>[] {t.ACTUAL_PROVIDER_NAME, t.PROVIDER}))
                .forEach(r -> {
                    boolean total = r.get(providerRolledUp) == 1;
                    boolean providerLevel = !total && r.get(categoryRolledUp) == 1;
                    Double[] p = r.get(p50p95);
                    byGroup.put(groupKey(total ? null : r.get(provider), total || providerLevel ? null : r.get(t.PROVIDER),
                            total), p == null ? new Double[2] : p);
                });
        return byGroup;
    }

    private static List<String> groupKey(String provider, String category, boolean total) {
        return total ? List.of() : java.util.Arrays.asList(provider == null ? "" : provider, category);
    }

    private static List<UsageAggregate> aggregateFromRows(DSLContext dsl, UsageLogFilter filter, LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        Field<String> provider = providerExpression(attribution).as("actual_provider");
        Table<?> rows = dsl.select(provider, t.PROVIDER, t.STATUS_CODE, t.TOKENS_INPUT, t.TOKENS_OUTPUT, t.COST_TOTAL,
                        t.RESPONSE_TIME, t.COST_SOURCE, t.CATALOG_COST_TOTAL)
                .from(t)
                .where(conditions(filter, attribution))
                .asTable("r");
        Field<String> p = rows.field(provider.getName(), String.class);
        Field<String> c = rows.field(t.PROVIDER.getName(), String.class);
        Field<Integer> status = rows.field(t.STATUS_CODE.getName(), Integer.class);
        Field<Double> latency = rows.field(t.RESPONSE_TIME.getName(), Double.class);
        Field<BigDecimal> tokensIn = DSL.coalesce(DSL.sum(rows.field(t.TOKENS_INPUT.getName(), Long.class)), BigDecimal.ZERO);
        Field<BigDecimal> tokensOut = DSL.coalesce(DSL.sum(rows.field(t.TOKENS_OUTPUT.getName(), Long.class)), BigDecimal.ZERO);
        Field<BigDecimal> cost = DSL.coalesce(DSL.sum(rows.field(t.COST_TOTAL.getName(), BigDecimal.class)), BigDecimal.ZERO);
        Field<String> costSource = rows.field(t.COST_SOURCE.getName(), String.class);
        Field<BigDecimal> rowCatalogCost = rows.field(t.CATALOG_COST_TOTAL.getName(), BigDecimal.class);
        Field<Integer> unpriced = DSL.count().filterWhere(costSource.eq("unpriced"));
        Field<Integer> catalogPriced = DSL.count(rowCatalogCost);
        Field<BigDecimal> catalogCost = DSL.coalesce(DSL.sum(rowCatalogCost), BigDecimal.ZERO);
        Field<BigDecimal> compared = DSL.coalesce(DSL.sum(rows.field(t.COST_TOTAL.getName(), BigDecimal.class))
                .filterWhere(rowCatalogCost.isNotNull()), BigDecimal.ZERO);
        Field<Integer> calls = DSL.count();
        Field<Integer> successful = DSL.count().filterWhere(status.between(200, 299));
        Field<BigDecimal> p50 = DSL.percentileCont(0.5).withinGroupOrderBy(latency);
        Field<BigDecimal> p95 = DSL.percentileCont(0.95).withinGroupOrderBy(latency);
        Field<Integer> providerRolledUp = DSL.grouping(p);
        Field<Integer> categoryRolledUp = DSL.grouping(c);
        return dsl.select(p, c, providerRolledUp, categoryRolledUp, calls, successful, tokensIn, tokensOut, cost, p50, p95,
                        unpriced, catalogPriced, catalogCost, compared)
                .from(rows)
                .groupBy(DSL.groupingSets(new Field<?>[0], new Field<?>[] {p}, new Field<?>[] {p, c}))
                .fetch(r -> {
                    boolean total = r.get(providerRolledUp) == 1;
                    boolean providerLevel = !total && r.get(categoryRolledUp) == 1;
                    long n = r.get(calls);
                    return new UsageAggregate(total ? null : r.get(p), total || providerLevel ? null : r.get(c), n,
                            r.get(successful), r.get(tokensIn).toBigIntegerExact(), r.get(tokensOut).toBigIntegerExact(),
                            r.get(cost), n == 0 ? null : toDouble(r.get(p50)), n == 0 ? null : toDouble(r.get(p95)),
                            new UsageAggregate.Pricing(r.get(unpriced), r.get(catalogPriced), r.get(catalogCost), r.get(compared)));
                });
    }

    private static List<DailyAggregate> daily(DSLContext dsl, UsageLogFilter filter, LegacyAttribution attribution) {
        boolean rollupServes = rollupsServe(filter, attribution) && filter.category() == null && filter.status() == null
                && filter.statusCode() == null; // the daily rollup keeps neither category nor status
        List<DailyAggregate> days = rollupServes ? dailyFromRollup(dsl, filter) : dailyFromRows(dsl, filter, attribution);
        return days.stream()
                .sorted(Comparator.comparing(DailyAggregate::date)
                        .thenComparing(DailyAggregate::provider, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    private static List<DailyAggregate> dailyFromRollup(DSLContext dsl, UsageLogFilter filter) {
        var d = API_USAGE_LOG_DAILY;
        List<Condition> where = rollupRows(filter, d.USER_ID, d.CALLS, d.ACTUAL_PROVIDER_NAME);
        if (filter.billingPeriod() != null) {
            where.add(d.BILLING_PERIOD.eq(filter.billingPeriod()));
        }
        Field<BigDecimal> calls = DSL.sum(d.CALLS);
        Field<BigDecimal> cost = DSL.sum(d.COST_TOTAL);
        return dsl.select(d.DAY, d.ACTUAL_PROVIDER_NAME, calls, cost)
                .from(d)
                .where(where)
                .groupBy(d.DAY, d.ACTUAL_PROVIDER_NAME)
                .fetch(r -> new DailyAggregate(r.value1(), r.value2().isEmpty() ? null : r.value2(),
                        r.value3().longValueExact(), r.value4()));
    }

    private static List<DailyAggregate> dailyFromRows(DSLContext dsl, UsageLogFilter filter, LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        Field<String> provider = providerExpression(attribution).as("actual_provider");
        Field<LocalDate> day = DSL.field("({0} AT TIME ZONE 'UTC')::date", LocalDate.class, t.TIMESTAMP).as("day");
        Table<?> rows = dsl.select(day, provider, t.COST_TOTAL)
                .from(t)
                .where(conditions(filter, attribution))
                .asTable("r");
        Field<LocalDate> d = rows.field(day.getName(), LocalDate.class);
        Field<String> p = rows.field(provider.getName(), String.class);
        Field<BigDecimal> cost = DSL.coalesce(DSL.sum(rows.field(t.COST_TOTAL.getName(), BigDecimal.class)), BigDecimal.ZERO);
        // No ORDER BY: PostgreSQL then hashes the month's rows into its few hundred groups instead of
        // sorting them all; the caller sorts the groups.
        return dsl.select(d, p, DSL.count(), cost)
                .from(rows)
                .groupBy(d, p)
                .fetch(r -> new DailyAggregate(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    @Override
    public List<MonthlyAggregate> monthly(String userId, String firstPeriod, String lastPeriod) {
        var c = API_USAGE_LOG_COUNTS;
        var t = API_USAGE_LOGS;
        return StoreErrors.translate(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            // Stored providers from the counters (a few rows a month); rows without one from the rows themselves,
            // by signature, so they can be attributed on read (the partial index finds them; none once backfilled).
            List<MonthlyAggregate> result = new ArrayList<>(tx.select(c.BILLING_PERIOD, c.ACTUAL_PROVIDER_NAME,
                            DSL.sum(c.CALLS), DSL.coalesce(DSL.sum(c.COST_TOTAL), BigDecimal.ZERO))
                    .from(c)
                    .where(c.USER_ID.eq(userId), c.CALLS.ne(0L), c.ACTUAL_PROVIDER_NAME.ne(""),
                            c.BILLING_PERIOD.between(firstPeriod, lastPeriod))
                    .groupBy(c.BILLING_PERIOD, c.ACTUAL_PROVIDER_NAME)
                    .fetch(r -> new MonthlyAggregate(r.value1(), r.value2(), null, r.value3().longValueExact(), r.value4())));
            result.addAll(tx.select(t.BILLING_PERIOD, t.PROVIDER, t.MODEL_USED, t.ENDPOINT, DSL.count(),
                            DSL.coalesce(DSL.sum(t.COST_TOTAL), BigDecimal.ZERO))
                    .from(t)
                    .where(t.USER_ID.eq(userId), t.ACTUAL_PROVIDER_NAME.isNull(),
                            t.BILLING_PERIOD.between(firstPeriod, lastPeriod))
                    .groupBy(t.BILLING_PERIOD, t.PROVIDER, t.MODEL_USED, t.ENDPOINT)
                    .fetch(r -> new MonthlyAggregate(r.value1(), null,
                            new LegacyAttribution.CallSignature(r.value2(), r.value3(), r.value4()), r.value5(), r.value6())));
            return result;
        }));
    }

    @Override
    public boolean isEmpty() {
        return StoreErrors.translate(() -> !dsl.fetchExists(API_USAGE_LOGS));
    }

    /** The actual provider of a row: the stored one, or the one the attribution gives its signature. */
    private static Field<String> providerExpression(LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        if (attribution.isEmpty()) {
            return t.ACTUAL_PROVIDER_NAME;
        }
        var cases = DSL.choose();
        org.jooq.CaseConditionStep<String> step = null;
        for (Map.Entry<LegacyAttribution.CallSignature, String> e : attribution.providerBySignature().entrySet()) {
            Condition match = signature(e.getKey());
            step = step == null ? cases.when(match, DSL.inline(e.getValue())) : step.when(match, DSL.inline(e.getValue()));
        }
        return DSL.coalesce(t.ACTUAL_PROVIDER_NAME, step);
    }

    private static Condition signature(LegacyAttribution.CallSignature s) {
        var t = API_USAGE_LOGS;
        return t.PROVIDER.eq(s.category())
                .and(s.model() == null ? t.MODEL_USED.isNull() : t.MODEL_USED.eq(s.model()))
                .and(t.ENDPOINT.eq(s.endpoint()));
    }

    private static Condition conditions(UsageLogFilter f, LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        List<Condition> c = new ArrayList<>();
        c.add(t.USER_ID.eq(f.userId()));
        if (f.actualProvider() != null) {
            Condition stored = t.ACTUAL_PROVIDER_NAME.eq(f.actualProvider());
            List<LegacyAttribution.CallSignature> legacy = attribution.signaturesOf(f.actualProvider());
            if (!legacy.isEmpty()) {
                stored = stored.or(t.ACTUAL_PROVIDER_NAME.isNull()
                        .and(DSL.or(legacy.stream().map(JooqUsageLogRepository::signature).toList())));
            }
            c.add(stored);
        }
        c.addAll(callConditions(f, t.PROVIDER, t.STATUS_CODE, t.BILLING_PERIOD));
        if (f.from() != null) {
            c.add(t.TIMESTAMP.ge(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC)));
        }
        if (f.to() != null) {
            c.add(t.TIMESTAMP.lt(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC)));
        }
        return DSL.and(c);
    }

    /**
     * The filter's category, status, status code and billing period on the given columns: the same criteria
     * for the log rows and for their counters.
     */
    private static List<Condition> callConditions(UsageLogFilter f, Field<String> category, Field<Integer> statusCode,
                                                  Field<String> billingPeriod) {
        List<Condition> c = new ArrayList<>();
        if (f.category() != null) {
            c.add(category.eq(f.category().wireName()));
        }
        if (f.status() != null) {
            Condition success = statusCode.between(200, 299);
            c.add(f.status() == UsageLogFilter.CallStatus.SUCCESS ? success : success.not());
        }
        if (f.statusCode() != null) {
            c.add(statusCode.eq(f.statusCode()));
        }
        if (f.billingPeriod() != null) {
            c.add(billingPeriod.eq(f.billingPeriod()));
        }
        return c;
    }

    private static Double toDouble(BigDecimal d) {
        return d == null ? null : d.doubleValue();
    }

    private static UsageLog toDomain(ApiUsageLogsRecord r) {
        StoredDetection detection = r.getActualProviderName() == null ? null
                : new StoredDetection(r.getActualProviderName(), r.getDetectionSource(), r.getDetectionRule(),
                        r.getDetectionRulesVersion());
        UsageLog.Provenance provenance = new UsageLog.Provenance(
                r.getCostSource() == null ? null : CostSource.fromWireName(r.getCostSource()).orElse(null),
                r.getUnpricedReason(), r.getPriceVersion(), r.getCatalogCostTotal(), UnitsJson.read(r.getUnits()));
        return new UsageLog(r.getId(), r.getIdempotencyKey(), r.getUserId(), r.getProvider(), r.getEndpoint(),
                r.getMethod(), r.getModelUsed(), r.getTokensInput(), r.getTokensOutput(), r.getTokensTotal(),
                r.getCostInput(), r.getCostOutput(), r.getCostTotal(), r.getResponseTime(), r.getStatusCode(),
                r.getRequestSize(), r.getResponseSize(), r.getUserAgent(), r.getIpAddress(), r.getErrorMessage(),
                r.getRetryCount(), r.getTimestamp().toInstant(), r.getBillingPeriod(), detection, provenance);
    }
}
