package org.usagelens.domain.testing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.usagelens.domain.model.Costs;
import org.usagelens.domain.model.DailyAggregate;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.ModelUsage;
import org.usagelens.domain.model.MonthlyAggregate;
import org.usagelens.domain.model.UnitTotals;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.UsageAggregate;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.LatencySketch;
import org.usagelens.domain.model.UsageAnalytics;

/**
 * A {@link UsageLogRepository} and {@link AnalyticsRepository} in memory, for service tests; it passes the same contract
 * as the real ones (sketched percentiles from the same {@link LatencySketch}).
 */
public final class InMemoryUsageLogRepository implements UsageLogRepository, AnalyticsRepository {

    private static final Comparator<UsageLog> NEWEST_FIRST =
            Comparator.comparing(UsageLog::timestamp).thenComparingLong(UsageLog::id).reversed();

    private final Map<Long, UsageLog> rows = new LinkedHashMap<>();
    private long nextId = 1;
    private long writes;
    private boolean keepsStamps = true;

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
            var c = log.cost();
            rows.put(id, new UsageLog(id, e.idempotencyKey(), e.userId(), e.category().wireName(), e.endpoint(),
                    e.method(), e.modelUsed(), e.tokens(), new Costs(c.costInput(), c.costOutput(), c.costTotal()),
                    e.responseTime(), e.statusCode(), e.requestSize(),
                    e.responseSize(), e.userAgent(), e.ipAddress(), e.errorMessage(), e.retryCount(), e.timestamp(),
                    e.billingPeriod(), log.detection(), new UsageLog.Provenance(c.source(), c.unpricedReason(),
                            c.priceVersion(), c.catalogCostTotal(), e.units())));
            ids.add(OptionalLong.of(id));
            writes++;
        }
        return ids;
    }

    /** Whether {@link #changeStamp} answers (it does by default): off, it behaves as a store that keeps no stamp. */
    public synchronized void keepStamps(boolean keep) {
        keepsStamps = keep;
    }

    /** Coarse but sound: any stored log changes every filter's stamp. */
    @Override
    public synchronized java.util.Optional<String> changeStamp(UsageLogFilter filter) {
        return keepsStamps ? java.util.Optional.of(Long.toString(writes)) : java.util.Optional.empty();
    }

    @Override
    public synchronized List<UsageLog> find(UsageLogFilter filter, LegacyAttribution attribution, Keyset after, int offset, int limit) {
        return rows.values().stream()
                .filter(matches(filter, attribution))
                .filter(r -> after == null || r.timestamp().isBefore(after.timestamp())
                        || (r.timestamp().equals(after.timestamp()) && r.id() < after.id()))
                .sorted(NEWEST_FIRST)
                .skip(offset)
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long count(UsageLogFilter filter, LegacyAttribution attribution) {
        return rows.values().stream().filter(matches(filter, attribution)).count();
    }

    @Override
    public synchronized List<LegacyAttribution.CallSignature> undetectedSignatures(UsageLogFilter filter) {
        return rows.values().stream()
                .filter(r -> r.detection() == null)
                .filter(matches(filter.withActualProvider(null), LegacyAttribution.NONE))
                .map(InMemoryUsageLogRepository::signature)
                .distinct()
                .toList();
    }

    @Override
    public synchronized UsageAnalytics analytics(UsageLogFilter filter, LegacyAttribution attribution,
                                                 LatencyPrecision precision) {
        return new UsageAnalytics(aggregate(filter, attribution, precision), daily(filter, attribution),
                precision == LatencyPrecision.EXACT ? 0 : LatencySketch.RELATIVE_ERROR);
    }

    private List<UsageAggregate> aggregate(UsageLogFilter filter, LegacyAttribution attribution, LatencyPrecision precision) {
        List<UsageLog> matching = rows.values().stream().filter(matches(filter, attribution)).toList();
        List<UsageAggregate> result = new ArrayList<>();
        result.add(aggregate(null, null, matching, precision));
        Map<String, List<UsageLog>> byProvider = new TreeMap<>();
        matching.forEach(r -> byProvider.computeIfAbsent(provider(r, attribution), k -> new ArrayList<>()).add(r));
        byProvider.forEach((provider, logs) -> {
            result.add(aggregate(provider, null, logs, precision));
            Map<String, List<UsageLog>> byCategory = new TreeMap<>();
            logs.forEach(r -> byCategory.computeIfAbsent(r.category(), k -> new ArrayList<>()).add(r));
            byCategory.forEach((category, inCategory) -> result.add(aggregate(provider, category, inCategory, precision)));
        });
        return result;
    }

    private List<DailyAggregate> daily(UsageLogFilter filter, LegacyAttribution attribution) {
        Map<List<String>, List<UsageLog>> groups = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
        rows.values().stream().filter(matches(filter, attribution)).forEach(r -> groups.computeIfAbsent(
                List.of(LocalDate.ofInstant(r.timestamp(), ZoneOffset.UTC).toString(), provider(r, attribution)),
                k -> new ArrayList<>()).add(r));
        return groups.entrySet().stream().map(e -> new DailyAggregate(LocalDate.parse(e.getKey().get(0)), e.getKey().get(1),
                e.getValue().size(), e.getValue().stream().map(UsageLog::costTotal).filter(java.util.Objects::nonNull)
                        .reduce(BigDecimal.ZERO, BigDecimal::add))).toList();
    }

    @Override
    public synchronized List<MonthlyAggregate> monthly(String userId, String firstPeriod, String lastPeriod) {
        Map<List<Object>, List<UsageLog>> groups = new LinkedHashMap<>();
        rows.values().stream()
                .filter(r -> r.userId().equals(userId) && r.billingPeriod().compareTo(firstPeriod) >= 0
                        && r.billingPeriod().compareTo(lastPeriod) <= 0)
                .forEach(r -> groups.computeIfAbsent(java.util.Arrays.asList(r.billingPeriod(),
                        r.detection() == null ? null : r.detection().providerId(),
                        r.detection() == null ? signature(r) : null), k -> new ArrayList<>()).add(r));
        return groups.entrySet().stream().map(e -> new MonthlyAggregate((String) e.getKey().get(0),
                (String) e.getKey().get(1), (LegacyAttribution.CallSignature) e.getKey().get(2), e.getValue().size(),
                e.getValue().stream().map(UsageLog::costTotal).filter(java.util.Objects::nonNull)
                        .reduce(BigDecimal.ZERO, BigDecimal::add))).toList();
    }

    @Override
    public synchronized List<ModelUsage> modelUsage(UsageLogFilter filter) {
        Map<List<Object>, List<UsageLog>> groups = new LinkedHashMap<>();
        rows.values().stream().filter(matches(filter, LegacyAttribution.NONE)).forEach(r -> groups.computeIfAbsent(
                java.util.Arrays.asList(LocalDate.ofInstant(r.timestamp(), ZoneOffset.UTC),
                        r.detection() == null ? null : r.detection().providerId(), r.modelUsed(), r.statusCode()),
                k -> new ArrayList<>()).add(r));
        List<ModelUsage> result = new ArrayList<>();
        groups.forEach((key, logs) -> {
            List<UsageLog> priced = logs.stream().filter(l -> l.provenance().catalogCostTotal() != null).toList();
            result.add(new ModelUsage((LocalDate) key.get(0), (String) key.get(1), (String) key.get(2), (Integer) key.get(3),
                    logs.size(), logs.stream().filter(l -> l.provenance().costSource() == org.usagelens.domain.model.CostSource.UNPRICED).count(),
                    cost(logs), quantities(logs), priced.size(), cost(priced), quantities(priced),
                    LatencySketch.ofLatencies(logs.stream().mapToDouble(UsageLog::responseTime).toArray())));
        });
        return result;
    }

    private static BigDecimal cost(List<UsageLog> logs) {
        return logs.stream().map(UsageLog::costTotal).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static UnitTotals quantities(List<UsageLog> logs) {
        java.math.BigInteger in = java.math.BigInteger.ZERO;
        java.math.BigInteger out = java.math.BigInteger.ZERO;
        Map<PriceUnit, BigDecimal> units = new java.util.EnumMap<>(PriceUnit.class);
        for (UsageLog l : logs) {
            in = in.add(java.math.BigInteger.valueOf(l.tokensInput() == null ? 0 : l.tokensInput()));
            out = out.add(java.math.BigInteger.valueOf(l.tokensOutput() == null ? 0 : l.tokensOutput()));
            l.provenance().units().quantities().forEach((unit, q) -> units.merge(unit, q, BigDecimal::add));
        }
        return UnitTotals.reported(in, out, units);
    }

    @Override
    public synchronized boolean isEmpty() {
        return rows.isEmpty();
    }

    private static UsageAggregate aggregate(String provider, String category, List<UsageLog> logs, LatencyPrecision precision) {
        double[] latencies = logs.stream().mapToDouble(UsageLog::responseTime).sorted().toArray();
        LatencySketch sketch = LatencySketch.ofLatencies(latencies);
        boolean exact = precision == LatencyPrecision.EXACT;
        return new UsageAggregate(provider, category, logs.size(), logs.stream().filter(UsageLog::successful).count(),
                logs.stream().map(UsageLog::tokensInput).filter(java.util.Objects::nonNull).map(java.math.BigInteger::valueOf)
                        .reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add),
                logs.stream().map(UsageLog::tokensOutput).filter(java.util.Objects::nonNull).map(java.math.BigInteger::valueOf)
                        .reduce(java.math.BigInteger.ZERO, java.math.BigInteger::add),
                logs.stream().map(UsageLog::costTotal).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add),
                exact ? percentile(latencies, 0.5) : sketch.percentile(0.5),
                exact ? percentile(latencies, 0.95) : sketch.percentile(0.95), pricing(logs));
    }

    private static UsageAggregate.Pricing pricing(List<UsageLog> logs) {
        List<UsageLog> priced = logs.stream().filter(l -> l.provenance().catalogCostTotal() != null).toList();
        return new UsageAggregate.Pricing(
                logs.stream().filter(l -> l.provenance().costSource() == org.usagelens.domain.model.CostSource.UNPRICED).count(),
                priced.size(),
                priced.stream().map(l -> l.provenance().catalogCostTotal()).reduce(BigDecimal.ZERO, BigDecimal::add),
                priced.stream().map(UsageLog::costTotal).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    /** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
    private static Double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return null;
        }
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static LegacyAttribution.CallSignature signature(UsageLog r) {
        return new LegacyAttribution.CallSignature(r.category(), r.modelUsed(), r.endpoint());
    }

    private static String provider(UsageLog r, LegacyAttribution attribution) {
        return r.detection() != null ? r.detection().providerId() : attribution.providerBySignature().get(signature(r));
    }

    private static Predicate<UsageLog> matches(UsageLogFilter f, LegacyAttribution attribution) {
        return r -> r.userId().equals(f.userId())
                && (f.actualProvider() == null || f.actualProvider().equals(provider(r, attribution)))
                && (f.category() == null || f.category().wireName().equals(r.category()))
                && (f.status() == null || (f.status() == UsageLogFilter.CallStatus.SUCCESS) == r.successful())
                && (f.statusCode() == null || f.statusCode() == r.statusCode())
                && (f.billingPeriod() == null || f.billingPeriod().equals(r.billingPeriod()))
                && (f.from() == null || !r.timestamp().isBefore(f.from()))
                && (f.to() == null || r.timestamp().isBefore(f.to()));
    }
}
