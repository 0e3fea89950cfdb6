package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.usagelens.domain.model.MonthlyAggregate;
import org.usagelens.domain.model.MonthlyTrends;
import org.usagelens.domain.model.MonthlyTrends.MonthFigures;
import org.usagelens.domain.model.MonthlyTrends.ProviderTrend;
import org.usagelens.domain.port.in.ShowMonthlyTrendsUseCase;
import org.usagelens.domain.port.out.AnalyticsRepository;

/**
 * Month-by-month figures per actual provider from the store's monthly sums; rows without a stored provider
 * count under the provider detected on read, as in the usage logs and the analytics.
 */
public final class ShowMonthlyTrendsService implements ShowMonthlyTrendsUseCase {
    private static final int SCALE = AnalyseProvidersService.SCALE;

    private final AnalyticsRepository repository;
    private final DetectionOnRead detectionOnRead;

    public ShowMonthlyTrendsService(AnalyticsRepository repository, DetectionOnRead detectionOnRead) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.detectionOnRead = Objects.requireNonNull(detectionOnRead, "detectionOnRead");
    }

    @Override
    public MonthlyTrends trends(TrendQuery query) {
        List<String> months = new ArrayList<>(query.months());
        for (YearMonth m = query.first(); !m.isAfter(query.through()); m = m.plusMonths(1)) {
            months.add(m.toString());
        }
        Map<String, Map<String, Sum>> byProvider = new HashMap<>();
        for (MonthlyAggregate a : repository.monthly(query.userId(), months.get(0), months.get(months.size() - 1))) {
            String provider = a.provider() != null ? a.provider()
                    : detectionOnRead.detector().detect(a.signature().category(), a.signature().model(),
                            a.signature().endpoint()).providerId();
            byProvider.computeIfAbsent(provider, p -> new HashMap<>())
                    .computeIfAbsent(a.billingPeriod(), m -> new Sum()).add(a.calls(), a.cost());
        }
        Map<String, Sum> total = new HashMap<>();
        List<ProviderTrend> providers = new ArrayList<>();
        for (Map.Entry<String, Map<String, Sum>> e : byProvider.entrySet()) {
            long calls = 0;
            BigDecimal cost = BigDecimal.ZERO;
            for (Map.Entry<String, Sum> m : e.getValue().entrySet()) {
                calls += m.getValue().calls;
                cost = cost.add(m.getValue().cost);
                total.computeIfAbsent(m.getKey(), k -> new Sum()).add(m.getValue().calls, m.getValue().cost);
            }
            providers.add(new ProviderTrend(e.getKey(), detectionOnRead.displayName(e.getKey()), calls, strip(cost),
                    series(months, e.getValue())));
        }
        providers.sort(Comparator.comparing(ProviderTrend::cost).reversed().thenComparing(ProviderTrend::provider));
        return new MonthlyTrends(query.userId(), months, providers, series(months, total));
    }

    private static List<MonthFigures> series(List<String> months, Map<String, Sum> sums) {
        List<MonthFigures> series = new ArrayList<>(months.size());
        Sum previous = new Sum();
        for (String month : months) {
            Sum s = sums.getOrDefault(month, new Sum());
            series.add(new MonthFigures(month, s.calls, strip(s.cost), s.calls - previous.calls,
                    strip(s.cost.subtract(previous.cost)),
                    ratio(BigDecimal.valueOf(s.calls - previous.calls), BigDecimal.valueOf(previous.calls)),
                    ratio(s.cost.subtract(previous.cost), previous.cost)));
            previous = s;
        }
        return series;
    }

    private static BigDecimal ratio(BigDecimal change, BigDecimal before) {
        return before.signum() == 0 ? null : strip(change.divide(before, SCALE, RoundingMode.HALF_EVEN));
    }

    private static BigDecimal strip(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    private static final class Sum {
        long calls;
        BigDecimal cost = BigDecimal.ZERO;

        void add(long c, BigDecimal amount) {
            calls += c;
            cost = cost.add(amount);
        }
    }
}
