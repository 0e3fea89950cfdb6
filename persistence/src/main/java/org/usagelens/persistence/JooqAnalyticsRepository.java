package org.usagelens.persistence;

import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_COUNTS;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_DAYS;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_EPOCH;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOG_LATENCY_PENDING;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.usagelens.domain.model.DailyAggregate;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.LatencySketch;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.ModelUsage;
import org.usagelens.domain.model.MonthlyAggregate;
import org.usagelens.domain.model.UnitTotals;
import org.usagelens.domain.model.UsageAggregate;
import org.usagelens.domain.model.UsageAnalytics;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.pricing.PriceUnit;

/**
 * {@link AnalyticsRepository} on PostgreSQL through jOOQ: the analytics' read side.
 *
 * <p>What answers a filter ({@code V7__latency_sketches.sql} keeps the rollups):
 * <ul>
 *   <li>No instants (a billing period, or all time): the counters, one row per provider, category and status code
 *       of each month, with their latency sketches, and the day rollup for the daily series.</li>
 *   <li>Instants ({@code from}/{@code to}): the day rollup for the whole UTC days inside, and the rows themselves for
 *       the parts of a day at either end, sketched on the way.</li>
 *   <li>Exact latencies asked for: the sums as above, the percentiles from every latency in the rows.</li>
 *   <li>Rows attributed on read (stored without a provider, counted under '' in the rollups): everything from the
 *       rows, exact.</li>
 * </ul>
 * Latency sketches written since the last {@linkplain #compactLatencySketches compaction} are pending; every read
 * adds the pending sketches of the groups it reads, so its figures do not depend on whether compaction has run.
 * Everything one request reads comes from one REPEATABLE READ snapshot.
 */
final class JooqAnalyticsRepository implements AnalyticsRepository {
    private static final double SKETCH_ERROR = LatencySketch.RELATIVE_ERROR;

    private final DSLContext dsl;

    JooqAnalyticsRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public UsageAnalytics analytics(UsageLogFilter filter, LegacyAttribution attribution, LatencyPrecision precision) {
        Objects.requireNonNull(precision, "precision");
        return StoreErrors.translate(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            boolean instants = filter.from() != null || filter.to() != null;
            if (!attribution.isEmpty() || (precision == LatencyPrecision.EXACT && instants)) {
                return new UsageAnalytics(aggregateFromRows(tx, filter, attribution), sorted(dailyFromRows(tx, filter, attribution)), 0);
            }
            if (precision == LatencyPrecision.EXACT) {
                return new UsageAnalytics(aggregateFromCountersExactly(tx, filter), sorted(dailyFromDays(tx, filter)), 0);
            }
            return instants ? sketchedWindow(tx, filter) : sketchedPeriod(tx, filter);
        }));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sketched: the rollups only.

    /** Sums of one group of calls and the sketch of their latencies, as the rollups (or a part of the rows) give them. */
    private record Cell(String provider, String category, int statusCode, LocalDate day, long calls, BigInteger tokensIn,
                        BigInteger tokensOut, BigDecimal cost, long unpriced, long catalogPriced, BigDecimal catalogCost,
                        BigDecimal compared, int[] buckets, long[] counts) {
        /** A pending sketch: latencies only, no sums. */
        static Cell pending(String provider, String category, int statusCode, LocalDate day, int[] buckets, long[] counts) {
            return new Cell(provider, category, statusCode, day, 0, BigInteger.ZERO, BigInteger.ZERO, BigDecimal.ZERO, 0, 0,
                    BigDecimal.ZERO, BigDecimal.ZERO, buckets, counts);
        }
    }

    /** The running sums of a group while cells are added. */
    private static final class Sums {
        long calls;
        long successful;
        BigInteger tokensIn = BigInteger.ZERO;
        BigInteger tokensOut = BigInteger.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        long unpriced;
        long catalogPriced;
        BigDecimal catalogCost = BigDecimal.ZERO;
        BigDecimal compared = BigDecimal.ZERO;
        final LatencySketch.Builder latencies = new LatencySketch.Builder();

        void add(Cell c) {
            calls += c.calls();
            if (c.statusCode() >= 200 && c.statusCode() <= 299) {
                successful += c.calls();
            }
            tokensIn = tokensIn.add(c.tokensIn());
            tokensOut = tokensOut.add(c.tokensOut());
            cost = cost.add(c.cost());
            unpriced += c.unpriced();
            catalogPriced += c.catalogPriced();
            catalogCost = catalogCost.add(c.catalogCost());
            compared = compared.add(c.compared());
            latencies.add(c.buckets(), c.counts());
        }

        UsageAggregate aggregate(String provider, String category) {
            LatencySketch sketch = latencies.build();
            return new UsageAggregate(provider, category, calls, successful, tokensIn, tokensOut, cost,
                    sketch.percentile(0.5), sketch.percentile(0.95),
                    new UsageAggregate.Pricing(unpriced, catalogPriced, catalogCost, compared));
        }
    }

    /** Everything, each provider, and each category within a provider, from the cells; groups without calls left out. */
    private static List<UsageAggregate> aggregates(List<Cell> cells) {
        Sums total = new Sums();
        Map<String, Sums> byProvider = new LinkedHashMap<>();
        Map<List<String>, Sums> byCategory = new LinkedHashMap<>();
        for (Cell c : cells) {
            total.add(c);
            byProvider.computeIfAbsent(c.provider(), p -> new Sums()).add(c);
            byCategory.computeIfAbsent(List.of(c.provider(), c.category()), k -> new Sums()).add(c);
        }
        List<UsageAggregate> result = new ArrayList<>();
        result.add(total.aggregate(null, null));
        byProvider.forEach((provider, sums) -> {
            if (sums.calls != 0) {
                result.add(sums.aggregate(provider.isEmpty() ? null : provider, null));
            }
        });
        byCategory.forEach((key, sums) -> {
            if (sums.calls != 0) {
                result.add(sums.aggregate(key.get(0).isEmpty() ? null : key.get(0), key.get(1)));
            }
        });
        return result;
    }

    /** A billing period (or all time): the counters and their pending sketches; the series from the day rollup. */
    private static UsageAnalytics sketchedPeriod(DSLContext tx, UsageLogFilter filter) {
        var c = API_USAGE_LOG_COUNTS;
        List<Condition> where = LogConditions.rollupGroups(filter, c.USER_ID, c.ACTUAL_PROVIDER_NAME);
        where.addAll(LogConditions.calls(filter, c.PROVIDER, c.STATUS_CODE, c.BILLING_PERIOD));
        List<Cell> cells = new ArrayList<>(tx.select(c.ACTUAL_PROVIDER_NAME, c.PROVIDER, c.STATUS_CODE, c.CALLS,
                        c.TOKENS_INPUT, c.TOKENS_OUTPUT, c.COST_TOTAL, c.UNPRICED_CALLS, c.CATALOG_PRICED_CALLS,
                        c.CATALOG_COST_TOTAL, c.CATALOG_COMPARED_COST, c.LATENCY_BUCKETS, c.LATENCY_COUNTS)
                .from(c)
                .where(where)
                .fetch(r -> new Cell(r.value1(), r.value2(), r.value3(), null, r.value4(), r.value5(),
                        r.value6(), r.value7(), r.value8(), r.value9(), r.value10(), r.value11(),
                        ints(r.value12()), longs(r.value13()))));
        cells.addAll(pending(tx, filter, null, null));
        return new UsageAnalytics(aggregates(cells), sorted(dailyFromDays(tx, filter)), SKETCH_ERROR);
    }

    /**
     * A window of instants: the day rollup for the UTC days wholly inside it (with their pending sketches), the rows
     * for the parts of a day at its ends, grouped the same way and sketched by the same bucket function.
     */
    private static UsageAnalytics sketchedWindow(DSLContext tx, UsageLogFilter filter) {
        Instant from = filter.from();
        Instant to = filter.to();
        LocalDate firstWholeDay = from == null ? null : nextMidnight(from);
        LocalDate endWholeDay = to == null ? null : LocalDate.ofInstant(to, ZoneOffset.UTC);
        List<Cell> cells = new ArrayList<>();
        if (firstWholeDay != null && endWholeDay != null && !firstWholeDay.isBefore(endWholeDay)) {
            // No whole day inside: the rows alone (less than two days of them).
            cells.addAll(rowCells(tx, filter));
        } else {
            cells.addAll(dayCells(tx, filter, firstWholeDay, endWholeDay));
            cells.addAll(pending(tx, filter, firstWholeDay, endWholeDay));
            if (from != null && !from.equals(midnight(firstWholeDay))) {
                cells.addAll(rowCells(tx, between(filter, from, midnight(firstWholeDay))));
            }
            if (to != null && !to.equals(midnight(endWholeDay))) {
                cells.addAll(rowCells(tx, between(filter, midnight(endWholeDay), to)));
            }
        }
        // The series needs calls and cost per day and provider only: no sketches merged for it.
        Map<List<Object>, DailyAggregate> byDay = new HashMap<>();
        for (Cell c : cells) {
            if (c.calls() != 0 || c.cost().signum() != 0) {
                byDay.merge(List.of(c.day(), c.provider()), new DailyAggregate(c.day(), c.provider(), c.calls(), c.cost()),
                        (a, b) -> new DailyAggregate(a.date(), a.provider(), a.calls() + b.calls(), a.cost().add(b.cost())));
            }
        }
        List<DailyAggregate> daily = new ArrayList<>();
        byDay.values().forEach(d -> {
            if (d.calls() != 0) {
                daily.add(new DailyAggregate(d.date(), d.provider().isEmpty() ? null : d.provider(), d.calls(), d.cost()));
            }
        });
        return new UsageAnalytics(aggregates(cells), sorted(daily), SKETCH_ERROR);
    }

    private static LocalDate nextMidnight(Instant instant) {
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return instant.equals(midnight(day)) ? day : day.plusDays(1);
    }

    private static Instant midnight(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static UsageLogFilter between(UsageLogFilter f, Instant from, Instant to) {
        return new UsageLogFilter(f.userId(), f.actualProvider(), f.category(), f.status(), f.statusCode(), f.billingPeriod(),
                from, to);
    }

    /** The day rollup's rows of the filter in [first, end) (either open), calls or not (pending sketches may cancel). */
    private static List<Cell> dayCells(DSLContext tx, UsageLogFilter filter, LocalDate first, LocalDate end) {
        var d = API_USAGE_LOG_DAYS;
        List<Condition> where = dayConditions(filter, first, end, d.USER_ID, d.ACTUAL_PROVIDER_NAME, d.PROVIDER,
                d.STATUS_CODE, d.BILLING_PERIOD, d.DAY);
        return tx.select(d.ACTUAL_PROVIDER_NAME, d.PROVIDER, d.STATUS_CODE, d.DAY, d.CALLS, d.TOKENS_INPUT, d.TOKENS_OUTPUT,
                        d.COST_TOTAL, d.UNPRICED_CALLS, d.CATALOG_PRICED_CALLS, d.CATALOG_COST_TOTAL, d.CATALOG_COMPARED_COST,
                        d.LATENCY_BUCKETS, d.LATENCY_COUNTS)
                .from(d)
                .where(where)
                .fetch(r -> new Cell(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10(), r.value11(), r.value12(),
                        ints(r.value13()), longs(r.value14())));
    }

    private static List<Condition> dayConditions(UsageLogFilter filter, LocalDate first, LocalDate end, Field<String> user,
                                                 Field<String> provider, Field<String> category, Field<Integer> status,
                                                 Field<String> period, Field<LocalDate> day) {
        List<Condition> where = LogConditions.rollupGroups(filter, user, provider);
        where.addAll(LogConditions.calls(filter, category, status, period));
        if (first != null) {
            where.add(day.ge(first));
        }
        if (end != null) {
            where.add(day.lt(end));
        }
        return where;
    }

    /** The pending sketches of the filter's groups, of the days in [first, end) (either open). */
    private static List<Cell> pending(DSLContext tx, UsageLogFilter filter, LocalDate first, LocalDate end) {
        var p = API_USAGE_LOG_LATENCY_PENDING;
        List<Condition> where = dayConditions(filter, first, end, p.USER_ID, p.ACTUAL_PROVIDER_NAME, p.PROVIDER,
                p.STATUS_CODE, p.BILLING_PERIOD, p.DAY);
        return tx.select(p.ACTUAL_PROVIDER_NAME, p.PROVIDER, p.STATUS_CODE, p.DAY, p.LATENCY_BUCKETS, p.LATENCY_COUNTS)
                .from(p)
                .where(where)
                .fetch(r -> Cell.pending(r.value1(), r.value2(), r.value3(), r.value4(), ints(r.value5()), longs(r.value6())));
    }

    /**
     * The filter's rows grouped as the day rollup groups them, one cell per group and day with its sketch: the rows
     * are counted per latency bucket (by the store's bucket function) and the buckets gathered into arrays, so a
     * part-day costs what a day of the rollup costs once it reaches Java.
     */
    private static List<Cell> rowCells(DSLContext tx, UsageLogFilter filter) {
        var t = API_USAGE_LOGS;
        Field<String> provider = DSL.coalesce(t.ACTUAL_PROVIDER_NAME, DSL.inline("")).as("actual_provider");
        Field<LocalDate> day = DSL.field("({0} AT TIME ZONE 'UTC')::date", LocalDate.class, t.TIMESTAMP).as("day");
        Field<Integer> bucket = DSL.field("usagelens_latency_bucket({0})", SQLDataType.INTEGER, t.RESPONSE_TIME).as("bucket");
        Field<Long> calls = DSL.count().cast(SQLDataType.BIGINT).as("calls");
        Field<BigDecimal> tokensIn = DSL.coalesce(DSL.sum(t.TOKENS_INPUT), BigDecimal.ZERO).as("tokens_in");
        Field<BigDecimal> tokensOut = DSL.coalesce(DSL.sum(t.TOKENS_OUTPUT), BigDecimal.ZERO).as("tokens_out");
        Field<BigDecimal> cost = DSL.coalesce(DSL.sum(t.COST_TOTAL), BigDecimal.ZERO).as("cost");
        Field<Long> unpriced = DSL.count().filterWhere(t.COST_SOURCE.eq("unpriced")).cast(SQLDataType.BIGINT).as("unpriced");
        Field<Long> catalogPriced = DSL.count(t.CATALOG_COST_TOTAL).cast(SQLDataType.BIGINT).as("catalog_priced");
        Field<BigDecimal> catalogCost = DSL.coalesce(DSL.sum(t.CATALOG_COST_TOTAL), BigDecimal.ZERO).as("catalog_cost");
        Field<BigDecimal> compared = DSL.coalesce(DSL.sum(t.COST_TOTAL).filterWhere(t.CATALOG_COST_TOTAL.isNotNull()),
                BigDecimal.ZERO).as("compared");
        var perBucket = tx.select(provider, t.PROVIDER, t.STATUS_CODE, day, bucket, calls, tokensIn, tokensOut, cost, unpriced,
                        catalogPriced, catalogCost, compared)
                .from(t)
                .where(LogConditions.of(filter, LegacyAttribution.NONE))
                .groupBy(DSL.field(DSL.name("actual_provider")), t.PROVIDER, t.STATUS_CODE, DSL.field(DSL.name("day")),
                        DSL.field(DSL.name("bucket")))
                .asTable("b");
        Field<String> bProvider = perBucket.field(provider);
        Field<String> bCategory = perBucket.field(t.PROVIDER);
        Field<Integer> bStatus = perBucket.field(t.STATUS_CODE);
        Field<LocalDate> bDay = perBucket.field(day);
        Field<Integer> bBucket = perBucket.field(bucket);
        Field<Long> bCalls = perBucket.field(calls);
        Field<BigDecimal> sumCalls = DSL.sum(bCalls);
        Field<BigDecimal> sumTokensIn = DSL.sum(perBucket.field(tokensIn));
        Field<BigDecimal> sumTokensOut = DSL.sum(perBucket.field(tokensOut));
        Field<BigDecimal> sumCost = DSL.sum(perBucket.field(cost));
        Field<BigDecimal> sumUnpriced = DSL.sum(perBucket.field(unpriced));
        Field<BigDecimal> sumCatalogPriced = DSL.sum(perBucket.field(catalogPriced));
        Field<BigDecimal> sumCatalogCost = DSL.sum(perBucket.field(catalogCost));
        Field<BigDecimal> sumCompared = DSL.sum(perBucket.field(compared));
        Field<Integer[]> buckets = DSL.arrayAgg(bBucket).orderBy(bBucket);
        Field<Long[]> counts = DSL.arrayAgg(bCalls).orderBy(bBucket);
        return tx.select(bProvider, bCategory, bStatus, bDay, sumCalls, sumTokensIn, sumTokensOut, sumCost, sumUnpriced,
                        sumCatalogPriced, sumCatalogCost, sumCompared, buckets, counts)
                .from(perBucket)
                .groupBy(bProvider, bCategory, bStatus, bDay)
                .fetch(r -> new Cell(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().longValueExact(),
                        r.value6().toBigIntegerExact(), r.value7().toBigIntegerExact(), r.value8(),
                        r.value9().longValueExact(), r.value10().longValueExact(), r.value11(), r.value12(),
                        ints(r.value13()), longs(r.value14())));
    }

    private static int[] ints(Integer[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static long[] longs(Long[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Exact: the percentiles from every latency.

    /** Sums from the counters, exact percentiles from the period's rows (one index-only scan). */
    private static List<UsageAggregate> aggregateFromCountersExactly(DSLContext dsl, UsageLogFilter filter) {
        var c = API_USAGE_LOG_COUNTS;
        List<Condition> where = LogConditions.rollupRows(filter, c.USER_ID, c.CALLS, c.ACTUAL_PROVIDER_NAME);
        where.addAll(LogConditions.calls(filter, c.PROVIDER, c.STATUS_CODE, c.BILLING_PERIOD));
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
                .where(LogConditions.of(filter, LegacyAttribution.NONE))
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

    /** Everything from the rows: sums and exact percentiles, with rows without a provider attributed as given. */
    private static List<UsageAggregate> aggregateFromRows(DSLContext dsl, UsageLogFilter filter, LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        Field<String> provider = LogConditions.provider(attribution).as("actual_provider");
        Table<?> rows = dsl.select(provider, t.PROVIDER, t.STATUS_CODE, t.TOKENS_INPUT, t.TOKENS_OUTPUT, t.COST_TOTAL,
                        t.RESPONSE_TIME, t.COST_SOURCE, t.CATALOG_COST_TOTAL)
                .from(t)
                .where(LogConditions.of(filter, attribution))
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

    // ---------------------------------------------------------------------------------------------------------------
    // The daily series.

    private static List<DailyAggregate> sorted(List<DailyAggregate> days) {
        return days.stream()
                .sorted(Comparator.comparing(DailyAggregate::date)
                        .thenComparing(DailyAggregate::provider, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    /** Calls and cost per day and provider from the day rollup (no instants in the filter). */
    private static List<DailyAggregate> dailyFromDays(DSLContext dsl, UsageLogFilter filter) {
        var d = API_USAGE_LOG_DAYS;
        List<Condition> where = dayConditions(filter, null, null, d.USER_ID, d.ACTUAL_PROVIDER_NAME, d.PROVIDER,
                d.STATUS_CODE, d.BILLING_PERIOD, d.DAY);
        Field<BigDecimal> calls = DSL.sum(d.CALLS);
        Field<BigDecimal> cost = DSL.sum(d.COST_TOTAL);
        return dsl.select(d.DAY, d.ACTUAL_PROVIDER_NAME, calls, cost)
                .from(d)
                .where(where)
                .groupBy(d.DAY, d.ACTUAL_PROVIDER_NAME)
                .having(calls.ne(BigDecimal.ZERO))
                .fetch(r -> new DailyAggregate(r.value1(), r.value2().isEmpty() ? null : r.value2(),
                        r.value3().longValueExact(), r.value4()));
    }

    private static List<DailyAggregate> dailyFromRows(DSLContext dsl, UsageLogFilter filter, LegacyAttribution attribution) {
        var t = API_USAGE_LOGS;
        Field<String> provider = LogConditions.provider(attribution).as("actual_provider");
        Field<LocalDate> day = DSL.field("({0} AT TIME ZONE 'UTC')::date", LocalDate.class, t.TIMESTAMP).as("day");
        Table<?> rows = dsl.select(day, provider, t.COST_TOTAL)
                .from(t)
                .where(LogConditions.of(filter, attribution))
                .asTable("r");
        Field<LocalDate> d = rows.field(day.getName(), LocalDate.class);
        Field<String> p = rows.field(provider.getName(), String.class);
        Field<BigDecimal> cost = DSL.coalesce(DSL.sum(rows.field(t.COST_TOTAL.getName(), BigDecimal.class)), BigDecimal.ZERO);
        // No ORDER BY: PostgreSQL then hashes the rows into their few hundred groups instead of sorting them all; the
        // caller sorts the groups.
        return dsl.select(d, p, DSL.count(), cost)
                .from(rows)
                .groupBy(d, p)
                .fetch(r -> new DailyAggregate(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Per day, provider, model and status code: what the recommendations price.

    /** The units the day rollup sums besides tokens, in the order of {@link UsageSums#units}. */
    private static final PriceUnit[] UNITS = {PriceUnit.CACHED_INPUT_TOKEN, PriceUnit.IMAGE, PriceUnit.VIDEO_SECOND,
            PriceUnit.AUDIO_SECOND, PriceUnit.CHARACTER, PriceUnit.REQUEST};

    private record UsageKey(LocalDate day, String provider, String model, int statusCode) {
    }

    /** One group's sums: of every call, and of those the catalog priced when they were stored. */
    private static final class UsageSums {
        long calls;
        long unpriced;
        BigDecimal cost = BigDecimal.ZERO;
        BigInteger tokensIn = BigInteger.ZERO;
        BigInteger tokensOut = BigInteger.ZERO;
        final BigDecimal[] units = zeros();
        long priced;
        BigDecimal pricedCost = BigDecimal.ZERO;
        BigInteger pricedTokensIn = BigInteger.ZERO;
        BigInteger pricedTokensOut = BigInteger.ZERO;
        final BigDecimal[] pricedUnits = zeros();
        /** A day row of the group is partly priced: the priced calls' quantities are read from the rows. */
        boolean mixed;
        final LatencySketch.Builder latencies = new LatencySketch.Builder();

        private static BigDecimal[] zeros() {
            BigDecimal[] z = new BigDecimal[UNITS.length];
            java.util.Arrays.fill(z, BigDecimal.ZERO);
            return z;
        }

        void addAll(long n, long unpricedCalls, BigDecimal c, BigInteger in, BigInteger out, BigDecimal[] u) {
            calls += n;
            unpriced += unpricedCalls;
            cost = cost.add(c);
            tokensIn = tokensIn.add(in);
            tokensOut = tokensOut.add(out);
            for (int i = 0; i < UNITS.length; i++) {
                units[i] = units[i].add(u[i]);
            }
        }

        void addPriced(long n, BigDecimal c, BigInteger in, BigInteger out, BigDecimal[] u) {
            priced += n;
            pricedCost = pricedCost.add(c);
            pricedTokensIn = pricedTokensIn.add(in);
            pricedTokensOut = pricedTokensOut.add(out);
            for (int i = 0; i < UNITS.length; i++) {
                pricedUnits[i] = pricedUnits[i].add(u[i]);
            }
        }

        ModelUsage usage(UsageKey key) {
            return new ModelUsage(key.day(), key.provider().isEmpty() ? null : key.provider(),
                    key.model().isEmpty() ? null : key.model(), key.statusCode(), calls, unpriced, cost,
                    totals(tokensIn, tokensOut, units), priced, pricedCost, totals(pricedTokensIn, pricedTokensOut, pricedUnits),
                    latencies.build());
        }

        private static UnitTotals totals(BigInteger in, BigInteger out, BigDecimal[] u) {
            Map<PriceUnit, BigDecimal> byUnit = new java.util.EnumMap<>(PriceUnit.class);
            for (int i = 0; i < UNITS.length; i++) {
                byUnit.put(UNITS[i], u[i]);
            }
            return UnitTotals.reported(in, out, byUnit);
        }
    }

    @Override
    public List<ModelUsage> modelUsage(UsageLogFilter filter) {
        return StoreErrors.translate(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            Instant from = filter.from();
            Instant to = filter.to();
            LocalDate firstWholeDay = from == null ? null : nextMidnight(from);
            LocalDate endWholeDay = to == null ? null : LocalDate.ofInstant(to, ZoneOffset.UTC);
            Map<UsageKey, UsageSums> groups = new HashMap<>();
            if (firstWholeDay != null && endWholeDay != null && !firstWholeDay.isBefore(endWholeDay)) {
                usageFromRows(tx, filter, groups); // no whole day inside: less than two days of rows
            } else {
                usageFromDays(tx, filter, firstWholeDay, endWholeDay, groups);
                var p = API_USAGE_LOG_LATENCY_PENDING;
                tx.select(p.ACTUAL_PROVIDER_NAME, p.MODEL_USED, p.STATUS_CODE, p.DAY, p.LATENCY_BUCKETS, p.LATENCY_COUNTS)
                        .from(p)
                        .where(dayConditions(filter, firstWholeDay, endWholeDay, p.USER_ID, p.ACTUAL_PROVIDER_NAME,
                                p.PROVIDER, p.STATUS_CODE, p.BILLING_PERIOD, p.DAY))
                        .forEach(r -> groups.computeIfAbsent(new UsageKey(r.value4(), r.value1(), r.value2(), r.value3()),
                                k -> new UsageSums()).latencies.add(ints(r.value5()), longs(r.value6())));
                pricedOfMixedGroups(tx, filter, groups);
                if (from != null && !from.equals(midnight(firstWholeDay))) {
                    usageFromRows(tx, between(filter, from, midnight(firstWholeDay)), groups);
                }
                if (to != null && !to.equals(midnight(endWholeDay))) {
                    usageFromRows(tx, between(filter, midnight(endWholeDay), to), groups);
                }
            }
            List<ModelUsage> usage = new ArrayList<>(groups.size());
            groups.forEach((key, sums) -> {
                if (sums.calls != 0) {
                    usage.add(sums.usage(key));
                }
            });
            return usage;
        }));
    }

    /** The day rollup's groups of the filter in [first, end) (either open). */
    private static void usageFromDays(DSLContext tx, UsageLogFilter filter, LocalDate first, LocalDate end,
                                      Map<UsageKey, UsageSums> groups) {
        var d = API_USAGE_LOG_DAYS;
        tx.select(d.ACTUAL_PROVIDER_NAME, d.MODEL_USED, d.STATUS_CODE, d.DAY, d.CALLS, d.UNPRICED_CALLS, d.COST_TOTAL,
                        d.TOKENS_INPUT, d.TOKENS_OUTPUT, d.CATALOG_PRICED_CALLS, d.CATALOG_COMPARED_COST,
                        d.UNITS_CACHED_INPUT_TOKEN, d.UNITS_IMAGE, d.UNITS_VIDEO_SECOND, d.UNITS_AUDIO_SECOND,
                        d.UNITS_CHARACTER, d.UNITS_REQUEST, d.LATENCY_BUCKETS, d.LATENCY_COUNTS)
                .from(d)
                .where(dayConditions(filter, first, end, d.USER_ID, d.ACTUAL_PROVIDER_NAME, d.PROVIDER, d.STATUS_CODE,
                        d.BILLING_PERIOD, d.DAY))
                .forEach(r -> {
                    UsageSums sums = groups.computeIfAbsent(new UsageKey(r.get(d.DAY), r.get(d.ACTUAL_PROVIDER_NAME),
                            r.get(d.MODEL_USED), r.get(d.STATUS_CODE)), k -> new UsageSums());
                    BigDecimal[] units = {r.get(d.UNITS_CACHED_INPUT_TOKEN), r.get(d.UNITS_IMAGE), r.get(d.UNITS_VIDEO_SECOND),
                            r.get(d.UNITS_AUDIO_SECOND), r.get(d.UNITS_CHARACTER), r.get(d.UNITS_REQUEST)};
                    long calls = r.get(d.CALLS);
                    long priced = r.get(d.CATALOG_PRICED_CALLS);
                    sums.addAll(calls, r.get(d.UNPRICED_CALLS), r.get(d.COST_TOTAL), r.get(d.TOKENS_INPUT),
                            r.get(d.TOKENS_OUTPUT), units);
                    if (priced == calls) {
                        sums.addPriced(priced, r.get(d.CATALOG_COMPARED_COST), r.get(d.TOKENS_INPUT), r.get(d.TOKENS_OUTPUT), units);
                    } else if (priced != 0) {
                        // Some of the row's calls were priced and some not: its sums cannot tell their quantities apart.
                        sums.mixed = true;
                    }
                    sums.latencies.add(ints(r.get(d.LATENCY_BUCKETS)), longs(r.get(d.LATENCY_COUNTS)));
                });
    }

    /**
     * The priced calls of groups whose day rows mix priced and other calls, from the rows themselves (a call the
     * catalog could not price may have left out a quantity the others report). Rare: within one day, provider and
     * model, every call resolves to the same prices, so only calls missing a quantity are unpriced among priced ones.
     */
    private static void pricedOfMixedGroups(DSLContext tx, UsageLogFilter filter, Map<UsageKey, UsageSums> groups) {
        var t = API_USAGE_LOGS;
        List<Condition> mixed = new ArrayList<>();
        groups.forEach((key, sums) -> {
            if (sums.mixed) {
                mixed.add(DSL.and(t.TIMESTAMP.ge(java.time.OffsetDateTime.ofInstant(midnight(key.day()), ZoneOffset.UTC)),
                        t.TIMESTAMP.lt(java.time.OffsetDateTime.ofInstant(midnight(key.day().plusDays(1)), ZoneOffset.UTC)),
                        key.provider().isEmpty() ? t.ACTUAL_PROVIDER_NAME.isNull() : t.ACTUAL_PROVIDER_NAME.eq(key.provider()),
                        DSL.coalesce(t.MODEL_USED, DSL.inline("")).eq(key.model()),
                        t.STATUS_CODE.eq(key.statusCode())));
                sums.priced = 0;
                sums.pricedCost = BigDecimal.ZERO;
                sums.pricedTokensIn = BigInteger.ZERO;
                sums.pricedTokensOut = BigInteger.ZERO;
                java.util.Arrays.fill(sums.pricedUnits, BigDecimal.ZERO);
            }
        });
        if (mixed.isEmpty()) {
            return;
        }
        Field<String> provider = DSL.coalesce(t.ACTUAL_PROVIDER_NAME, DSL.inline("")).as("actual_provider");
        Field<String> model = DSL.coalesce(t.MODEL_USED, DSL.inline("")).as("model");
        Field<LocalDate> day = DSL.field("({0} AT TIME ZONE 'UTC')::date", LocalDate.class, t.TIMESTAMP).as("day");
        List<Field<?>> select = new ArrayList<>(List.of(provider, model, t.STATUS_CODE, day, DSL.count().as("calls"),
                DSL.coalesce(DSL.sum(t.COST_TOTAL), BigDecimal.ZERO).as("cost"),
                DSL.coalesce(DSL.sum(t.TOKENS_INPUT), BigDecimal.ZERO).as("tokens_in"),
                DSL.coalesce(DSL.sum(t.TOKENS_OUTPUT), BigDecimal.ZERO).as("tokens_out")));
        select.addAll(unitSums());
        tx.select(select)
                .from(t)
                .where(LogConditions.of(filter, LegacyAttribution.NONE), t.CATALOG_COST_TOTAL.isNotNull(), DSL.or(mixed))
                .groupBy(DSL.field(DSL.name("actual_provider")), DSL.field(DSL.name("model")), t.STATUS_CODE,
                        DSL.field(DSL.name("day")))
                .forEach(r -> groups.get(new UsageKey(r.get(day), r.get(provider), r.get(model), r.get(t.STATUS_CODE)))
                        .addPriced(r.get("calls", Integer.class), r.get("cost", BigDecimal.class),
                                r.get("tokens_in", BigDecimal.class).toBigIntegerExact(),
                                r.get("tokens_out", BigDecimal.class).toBigIntegerExact(), units(r)));
    }

    /** The filter's rows grouped as {@link #usageFromDays} groups the day rollup, priced calls apart, per latency bucket. */
    private static void usageFromRows(DSLContext tx, UsageLogFilter filter, Map<UsageKey, UsageSums> groups) {
        var t = API_USAGE_LOGS;
        Field<String> provider = DSL.coalesce(t.ACTUAL_PROVIDER_NAME, DSL.inline("")).as("actual_provider");
        Field<String> model = DSL.coalesce(t.MODEL_USED, DSL.inline("")).as("model");
        Field<LocalDate> day = DSL.field("({0} AT TIME ZONE 'UTC')::date", LocalDate.class, t.TIMESTAMP).as("day");
        Field<Integer> bucket = DSL.field("usagelens_latency_bucket({0})", SQLDataType.INTEGER, t.RESPONSE_TIME).as("bucket");
        Field<Boolean> priced = DSL.field(t.CATALOG_COST_TOTAL.isNotNull()).as("priced");
        List<Field<?>> select = new ArrayList<>(List.of(provider, model, t.STATUS_CODE, day, bucket, priced,
                DSL.count().as("calls"), DSL.count().filterWhere(t.COST_SOURCE.eq("unpriced")).as("unpriced"),
                DSL.coalesce(DSL.sum(t.COST_TOTAL), BigDecimal.ZERO).as("cost"),
                DSL.coalesce(DSL.sum(t.TOKENS_INPUT), BigDecimal.ZERO).as("tokens_in"),
                DSL.coalesce(DSL.sum(t.TOKENS_OUTPUT), BigDecimal.ZERO).as("tokens_out")));
        select.addAll(unitSums());
        tx.select(select)
                .from(t)
                .where(LogConditions.of(filter, LegacyAttribution.NONE))
                .groupBy(DSL.field(DSL.name("actual_provider")), DSL.field(DSL.name("model")), t.STATUS_CODE,
                        DSL.field(DSL.name("day")), DSL.field(DSL.name("bucket")), DSL.field(DSL.name("priced")))
                .forEach(r -> {
                    UsageSums sums = groups.computeIfAbsent(new UsageKey(r.get(day), r.get(provider), r.get(model),
                            r.get(t.STATUS_CODE)), k -> new UsageSums());
                    int calls = r.get("calls", Integer.class);
                    BigDecimal cost = r.get("cost", BigDecimal.class);
                    BigInteger in = r.get("tokens_in", BigDecimal.class).toBigIntegerExact();
                    BigInteger out = r.get("tokens_out", BigDecimal.class).toBigIntegerExact();
                    BigDecimal[] units = units(r);
                    sums.addAll(calls, r.get("unpriced", Integer.class), cost, in, out, units);
                    if (r.get(priced)) {
                        sums.addPriced(calls, cost, in, out, units);
                    }
                    sums.latencies.add(r.get(bucket), calls);
                });
    }

    /** Sums of the units of {@link #UNITS} over the rows, named {@code u_<unit>}. */
    private static List<Field<BigDecimal>> unitSums() {
        List<Field<BigDecimal>> sums = new ArrayList<>(UNITS.length);
        for (PriceUnit unit : UNITS) {
            Field<BigDecimal> quantity = DSL.field("usagelens_unit({0}, {1})", SQLDataType.NUMERIC, API_USAGE_LOGS.UNITS,
                    DSL.inline(unit.wireName()));
            sums.add(DSL.coalesce(DSL.sum(quantity), BigDecimal.ZERO).as("u_" + unit.wireName()));
        }
        return sums;
    }

    private static BigDecimal[] units(Record r) {
        BigDecimal[] units = new BigDecimal[UNITS.length];
        for (int i = 0; i < UNITS.length; i++) {
            units[i] = r.get("u_" + UNITS[i].wireName(), BigDecimal.class);
        }
        return units;
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public Optional<String> changeStamp(UsageLogFilter filter) {
        // Every statement that writes a user's logs adds 1 to `changes` of each counter group it touches
        // (V4__analytics_rollups.sql), and a truncate, which empties the counters, moves the epoch on. Compaction
        // changes no figure and no stamp.
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
    public int compactLatencySketches(int maxPending) {
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be positive: " + maxPending);
        }
        // User by user, one transaction each (usagelens_compact_user_latency, V8, locks, merges and deletes): a
        // compaction then never holds one user's rollup rows while it waits for another's. On Citus, where a writer's
        // batch locks the rows of its users on every shard at once, a transaction over several users could wait for
        // a writer that waits for it (a distributed deadlock, which Citus breaks by cancelling one of the two).
        return StoreErrors.translate(() -> {
            List<String> users = dsl.selectDistinct(DSL.field("user_id", SQLDataType.VARCHAR))
                    .from(DSL.table("api_usage_log_latency_pending")).orderBy(1).limit(maxPending).fetch(0, String.class);
            int folded = 0;
            for (String user : users) {
                if (folded >= maxPending) {
                    break;
                }
                folded += dsl.select(DSL.field("usagelens_compact_user_latency({0}, {1})", SQLDataType.INTEGER,
                        DSL.val(user), DSL.val(maxPending - folded))).fetchOne(0, Integer.class);
            }
            return folded;
        });
    }

    private static Double toDouble(BigDecimal d) {
        return d == null ? null : d.doubleValue();
    }
}
