package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.usagelens.domain.model.LatencySketch;
import org.usagelens.domain.model.ModelUsage;
import org.usagelens.domain.model.ProviderRecommendations;
import org.usagelens.domain.model.ProviderRecommendations.Basis;
import org.usagelens.domain.model.ProviderRecommendations.Coverage;
import org.usagelens.domain.model.ProviderRecommendations.Evidence;
import org.usagelens.domain.model.ProviderRecommendations.Flag;
import org.usagelens.domain.model.ProviderRecommendations.Observation;
import org.usagelens.domain.model.ProviderRecommendations.Reason;
import org.usagelens.domain.model.ProviderRecommendations.Recommendation;
import org.usagelens.domain.model.ProviderRecommendations.Thresholds;
import org.usagelens.domain.model.ProviderRecommendations.Verdict;
import org.usagelens.domain.model.UnitTotals;
import org.usagelens.domain.port.in.RecommendProvidersUseCase;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.pricing.Alternative;
import org.usagelens.domain.pricing.PriceCatalog;
import org.usagelens.domain.pricing.PriceRow;
import org.usagelens.domain.pricing.PriceUnit;

/**
 * Finds the same work cheaper elsewhere. Calls are the same work when the catalog maps their logged model to the same
 * canonical model; another provider endpoint is an alternative for a day's calls when the catalog prices that model
 * there, on that day, in the same units (cached input tokens aside: a provider without a cache price is no
 * alternative only for calls that read the cache). Only calls the catalog priced when they were stored are compared:
 * they reported every quantity their prices need, so the alternative's prices apply to exactly what they used; the
 * others are counted, with the reason, in the coverage. Each day is priced at the prices in force that day, so a
 * price change inside the window is honoured call by call.
 *
 * <p>The estimate of a switch is the compared calls' quantities at the alternative's prices, exact; its current cost
 * is what those calls cost as recorded. Where the user's own calls of the model on the alternative give evidence (at
 * least {@link #MIN_OBSERVED_CALLS}), a lower success rate or longer latencies flag the switch instead of
 * recommending it.
 *
 * <p>Besides, from observed data alone: when the user already calls two providers for the same model (the catalog's
 * canonical model, or else the same logged model) and the catalog cannot compare them, one whose recorded cost per
 * unit is at least {@link #OBSERVED_COST_MARGIN} lower, at no worse success rate, is recommended for the other's calls.
 */
public final class RecommendProvidersService implements RecommendProvidersUseCase {
    /** Calls on a provider before its success rate and latency count as evidence. */
    static final int MIN_OBSERVED_CALLS = 20;
    /** One percentage point. */
    static final BigDecimal SUCCESS_RATE_MARGIN = new BigDecimal("0.01");
    /** 20% longer: far beyond the sketches' 1%. */
    static final BigDecimal LATENCY_MARGIN = new BigDecimal("0.2");
    /** 10% lower. */
    static final BigDecimal OBSERVED_COST_MARGIN = new BigDecimal("0.1");
    /**
     * z = 1.96: the two-sided 95% quantile of the normal distribution, used one-sided, so a worse success rate is
     * flagged at a 2.5% chance of it being noise (one-sided 97.5% confidence).
     */
    private static final double Z_95 = 1.959964;
    /** Decimal places of ratios and of money that a division gives. */
    static final int SCALE = 10;
    private static final MathContext PER_UNIT = new MathContext(12, RoundingMode.HALF_EVEN);
    /** The rate unit of observed comparisons in tokens: input and output together. */
    static final String TOKEN = "token";

    private static final Thresholds THRESHOLDS = new Thresholds(MIN_OBSERVED_CALLS, SUCCESS_RATE_MARGIN,
            LATENCY_MARGIN, OBSERVED_COST_MARGIN);

    private final AnalyticsRepository analytics;
    private final PriceCatalog catalog;
    private final DetectionOnRead names;

    public RecommendProvidersService(AnalyticsRepository analytics, PriceCatalog catalog, DetectionOnRead names) {
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.names = Objects.requireNonNull(names, "names");
    }

    @Override
    public ProviderRecommendations recommend(RecommendationQuery query) {
        Objects.requireNonNull(query, "query");
        Run run = new Run();
        for (ModelUsage group : analytics.modelUsage(query.filter())) {
            run.add(group);
        }
        List<Recommendation> recommendations = new ArrayList<>(run.catalogRecommendations());
        recommendations.addAll(run.observedRecommendations());
        BigDecimal min = query.minSavings();
        recommendations.removeIf(r -> r.estimatedSavings().signum() <= 0 || r.estimatedSavings().compareTo(min) < 0);
        recommendations.sort(Comparator.comparing(Recommendation::estimatedSavings).reversed()
                .thenComparing(Recommendation::basis)
                .thenComparing(Recommendation::model)
                .thenComparing(Recommendation::fromProvider)
                .thenComparing(Recommendation::toProvider));
        return new ProviderRecommendations(query.filter(), catalog.priceVersion(), min, LatencySketch.RELATIVE_ERROR,
                THRESHOLDS, recommendations, new Coverage(run.calls, run.compared, run.notCompared));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private record Key(String model, String provider) {
    }

    private record Endpoint(String provider, String providerModel) {
    }

    /** One day group's priced calls as the catalog comparison saw them: for the calls each alternative left out. */
    private record Seen(long pricedCalls, Set<Endpoint> own, Set<Endpoint> alternatives) {
    }

    /** The calls of one (canonical model, current provider) the catalog could compare, and each alternative's sums. */
    private static final class Comparison {
        final List<Seen> seen = new ArrayList<>();
        final Map<Endpoint, Switch> switches = new LinkedHashMap<>();
    }

    /** The sums of one switch to one alternative endpoint. */
    private static final class Switch {
        long calls;
        BigDecimal current = BigDecimal.ZERO;
        BigDecimal estimated = BigDecimal.ZERO;
        UnitTotals units = UnitTotals.NONE;
        final Set<String> fromModels = new TreeSet<>();
        final Set<PriceRow> alternativeRows = new LinkedHashSet<>();
        final Set<PriceRow> currentRows = new LinkedHashSet<>();

        BigDecimal savings() {
            return current.subtract(estimated);
        }
    }

    /** What the user's calls of one model on one provider did. */
    private static final class Observed {
        final Set<String> models = new TreeSet<>();
        long calls;
        long successful;
        final LatencySketch.Builder successLatencies = new LatencySketch.Builder();
        /** The calls whose recorded cost and quantities are both known: they give the observed cost per unit. */
        long rateCalls;
        BigDecimal rateCost = BigDecimal.ZERO;
        UnitTotals rateQuantities = UnitTotals.NONE;

        void add(ModelUsage g) {
            models.add(g.model());
            calls += g.calls();
            if (g.successful()) {
                successful += g.calls();
                successLatencies.add(g.latencies());
            }
            // Unpriced calls count as zero in the recorded cost, and calls that cost something but report nothing
            // miss their quantities: neither can say what a unit costs.
            boolean quantitiesMissing = g.cost().signum() != 0 && g.quantities().isEmpty();
            if (g.unpricedCalls() == 0 && !quantitiesMissing) {
                rateCalls += g.calls();
                rateCost = rateCost.add(g.cost());
                rateQuantities = rateQuantities.plus(g.quantities());
            }
        }

        Observed plus(Observed other) {
            Observed sum = new Observed();
            for (Observed o : List.of(this, other)) {
                sum.models.addAll(o.models);
                sum.calls += o.calls;
                sum.successful += o.successful;
                sum.successLatencies.add(o.successLatencies.build());
                sum.rateCalls += o.rateCalls;
                sum.rateCost = sum.rateCost.add(o.rateCost);
                sum.rateQuantities = sum.rateQuantities.plus(o.rateQuantities);
            }
            return sum;
        }

        /** The one unit these calls are measured in, or null when they report several (or none). */
        String rateUnit() {
            PriceUnit only = null;
            for (PriceUnit u : rateQuantities.quantities().keySet()) {
                if (!u.isToken()) {
                    if (only != null) {
                        return null;
                    }
                    only = u;
                }
            }
            if (only != null) {
                return only.wireName();
            }
            return tokens().signum() > 0 ? TOKEN : null;
        }

        BigDecimal quantity(String unit) {
            return unit.equals(TOKEN) ? tokens() : rateQuantities.get(PriceUnit.fromWireName(unit).orElseThrow());
        }

        private BigDecimal tokens() {
            return rateQuantities.get(PriceUnit.INPUT_TOKEN).add(rateQuantities.get(PriceUnit.OUTPUT_TOKEN))
                    .add(rateQuantities.get(PriceUnit.CACHED_INPUT_TOKEN));
        }
    }

    /** One computation: the window's groups folded in, then the recommendations read out. */
    private final class Run {
        long calls;
        long compared;
        final Map<Reason, Long> notCompared = new EnumMap<>(Reason.class);
        final Map<Key, Comparison> comparisons = new TreeMap<>(Comparator.comparing(Key::model).thenComparing(Key::provider));
        /** Per model key and provider, per logged model. */
        final Map<String, Map<String, Map<String, Observed>>> observed = new TreeMap<>();
        private final Map<List<Object>, Map<PriceUnit, PriceRow>> rowsInForce = new HashMap<>();
        private final Map<List<Object>, List<Alternative>> alternatives = new HashMap<>();

        void add(ModelUsage g) {
            calls += g.calls();
            if (g.provider() == null) {
                count(Reason.NO_PROVIDER, g.calls());
                return;
            }
            if (g.model() == null || g.model().isBlank()) {
                count(Reason.NO_MODEL, g.calls());
                return;
            }
            Instant at = g.day().atStartOfDay(ZoneOffset.UTC).toInstant();
            Map<PriceUnit, PriceRow> current = rowsInForce.computeIfAbsent(List.of(g.provider(), g.model(), g.day()),
                    k -> catalog.rowsInForce(g.provider(), g.model(), at));
            String canonical = current.isEmpty() ? null : current.values().iterator().next().model();
            String key = canonical != null ? canonical : g.model();
            observed.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(g.provider(), k -> new TreeMap<>())
                    .computeIfAbsent(g.model(), k -> new Observed()).add(g);
            if (canonical == null) {
                count(Reason.NOT_IN_CATALOG, g.calls());
                return;
            }
            count(Reason.QUANTITIES_UNKNOWN, g.calls() - g.pricedCalls());
            if (g.pricedCalls() > 0) {
                compare(g, canonical, current, g.day(), at);
            }
        }

        private void count(Reason reason, long n) {
            if (n != 0) {
                notCompared.merge(reason, n, Long::sum);
            }
        }

        /** The group's priced calls at every alternative's prices of the day. */
        private void compare(ModelUsage g, String canonical, Map<PriceUnit, PriceRow> current, LocalDate day, Instant at) {
            Set<PriceUnit> billed = billed(current.keySet());
            boolean readsCache = g.pricedQuantities().get(PriceUnit.CACHED_INPUT_TOKEN).signum() > 0;
            Set<Endpoint> own = new LinkedHashSet<>();
            for (PriceRow row : current.values()) {
                own.add(endpoint(row.provider(), row.providerModel()));
            }
            Map<PriceUnit, BigDecimal> used = new EnumMap<>(PriceUnit.class);
            for (PriceUnit unit : current.keySet()) {
                BigDecimal q = g.pricedQuantities().get(unit);
                if (unit != PriceUnit.CACHED_INPUT_TOKEN || q.signum() > 0) {
                    used.put(unit, q);
                }
            }
            UnitTotals units = new UnitTotals(used);
            Comparison comparison = comparisons.computeIfAbsent(new Key(canonical, g.provider()), k -> new Comparison());
            Set<Endpoint> matched = new LinkedHashSet<>();
            for (Alternative a : alternatives.computeIfAbsent(List.of(canonical, day),
                    k -> catalog.alternatives(canonical, Set.of(), at))) {
                Endpoint endpoint = endpoint(a.provider(), a.providerModel());
                if (own.contains(endpoint) || (a.provider().equals(g.provider()) && samePrices(a.rows(), current))) {
                    continue; // the same offering (or an alias of it at the same prices)
                }
                if (!billed(a.rows().keySet()).equals(billed) || (readsCache && !a.rows().containsKey(PriceUnit.CACHED_INPUT_TOKEN))) {
                    continue; // priced in other units: its price would not apply to what these calls reported
                }
                BigDecimal estimate = BigDecimal.ZERO;
                Switch s = comparison.switches.computeIfAbsent(endpoint, e -> new Switch());
                for (Map.Entry<PriceUnit, PriceRow> price : a.rows().entrySet()) {
                    BigDecimal q = g.pricedQuantities().get(price.getKey());
                    if (price.getKey() == PriceUnit.CACHED_INPUT_TOKEN && q.signum() == 0) {
                        continue;
                    }
                    estimate = estimate.add(q.multiply(price.getValue().usdPerUnit()));
                    s.alternativeRows.add(price.getValue());
                }
                s.calls += g.pricedCalls();
                s.current = s.current.add(g.pricedCost());
                s.estimated = s.estimated.add(estimate);
                s.units = s.units.plus(units);
                s.fromModels.add(g.model());
                for (PriceUnit unit : used.keySet()) {
                    s.currentRows.add(current.get(unit));
                }
                matched.add(endpoint);
            }
            comparison.seen.add(new Seen(g.pricedCalls(), own, matched));
            if (matched.isEmpty()) {
                count(Reason.NO_ALTERNATIVE, g.pricedCalls());
            } else {
                compared += g.pricedCalls();
            }
        }

        List<Recommendation> catalogRecommendations() {
            List<Recommendation> result = new ArrayList<>();
            comparisons.forEach((key, comparison) -> {
                // The best endpoint of each alternative provider: one switch per provider.
                Map<String, Map.Entry<Endpoint, Switch>> best = new TreeMap<>();
                comparison.switches.entrySet().stream()
                        .sorted(Comparator.comparing((Map.Entry<Endpoint, Switch> e) -> e.getKey().providerModel()))
                        .forEach(e -> best.merge(e.getKey().provider(), e,
                                (a, b) -> b.getValue().savings().compareTo(a.getValue().savings()) > 0 ? b : a));
                for (Map.Entry<Endpoint, Switch> e : best.values()) {
                    result.add(catalogRecommendation(key, comparison, e.getKey(), e.getValue()));
                }
            });
            return result;
        }

        private Recommendation catalogRecommendation(Key key, Comparison comparison, Endpoint to, Switch s) {
            long notPricedThere = 0;
            for (Seen seen : comparison.seen) {
                if (!seen.alternatives().contains(to) && !seen.own().contains(to)) {
                    notPricedThere += seen.pricedCalls();
                }
            }
            Observed from = merged(key.model(), key.provider(), s.fromModels::contains);
            Observed there = to.provider().equals(key.provider())
                    ? merged(key.model(), to.provider(), m -> m.equalsIgnoreCase(to.providerModel())
                            || m.equalsIgnoreCase(to.provider() + "/" + to.providerModel()))
                    : merged(key.model(), to.provider(), m -> true);
            BigDecimal current = normalise(s.current);
            BigDecimal estimated = normalise(s.estimated);
            List<Flag> flags = there == null ? List.of() : flags(from, there);
            Verdict verdict = !flags.isEmpty() ? Verdict.FLAGGED
                    : there != null && there.calls >= MIN_OBSERVED_CALLS ? Verdict.RECOMMENDED : Verdict.UNTESTED;
            return new Recommendation(Basis.CATALOG, verdict, flags, key.model(), key.provider(),
                    names.displayName(key.provider()), List.copyOf(s.fromModels), to.provider(),
                    names.displayName(to.provider()), List.of(displayModel(to, s)), s.calls, s.units.quantities(),
                    current, estimated, normalise(current.subtract(estimated)), ratio(current.subtract(estimated), current),
                    notPricedThere, new Evidence(sortedRows(s.alternativeRows), sortedRows(s.currentRows),
                            observation(key.provider(), from, null, null), there == null ? null
                                    : observation(to.provider(), there, null, null), null));
        }

        /** The endpoint as the catalog names it (the key compares it ignoring case). */
        private String displayModel(Endpoint to, Switch s) {
            for (PriceRow row : s.alternativeRows) {
                if (row.providerModel().equalsIgnoreCase(to.providerModel())) {
                    return row.providerModel();
                }
            }
            return to.providerModel();
        }

        List<Recommendation> observedRecommendations() {
            List<Recommendation> result = new ArrayList<>();
            observed.forEach((model, byProvider) -> {
                if (byProvider.size() < 2) {
                    return;
                }
                Map<String, Observed> merged = new TreeMap<>();
                byProvider.forEach((provider, byModel) -> merged.put(provider, merged(model, provider, m -> true)));
                merged.forEach((fromProvider, from) -> merged.forEach((toProvider, to) -> {
                    if (!fromProvider.equals(toProvider)) {
                        Recommendation r = observedRecommendation(model, fromProvider, from, toProvider, to);
                        if (r != null) {
                            result.add(r);
                        }
                    }
                }));
            });
            return result;
        }

        private Recommendation observedRecommendation(String model, String fromProvider, Observed from, String toProvider,
                                                      Observed to) {
            Comparison byCatalog = comparisons.get(new Key(model, fromProvider));
            if (byCatalog != null && byCatalog.switches.keySet().stream().anyMatch(e -> e.provider().equals(toProvider))) {
                return null; // the catalog compared these calls with that provider's prices already
            }
            String unit = from.rateUnit();
            if (unit == null || !unit.equals(to.rateUnit()) || from.calls < MIN_OBSERVED_CALLS || to.calls < MIN_OBSERVED_CALLS) {
                return null;
            }
            BigDecimal fromQuantity = from.quantity(unit);
            BigDecimal toQuantity = to.quantity(unit);
            if (from.rateCost.signum() <= 0 || toQuantity.signum() <= 0 || fromQuantity.signum() <= 0) {
                return null;
            }
            // Clearly lower: to.cost / to.quantity <= (1 - margin) * from.cost / from.quantity, without dividing.
            BigDecimal lhs = to.rateCost.multiply(fromQuantity);
            BigDecimal rhs = BigDecimal.ONE.subtract(OBSERVED_COST_MARGIN).multiply(from.rateCost).multiply(toQuantity);
            if (lhs.compareTo(rhs) > 0 || lowerSuccessRate(from, to)) {
                return null;
            }
            BigDecimal current = normalise(from.rateCost);
            BigDecimal estimated = normalise(fromQuantity.multiply(to.rateCost).divide(toQuantity, SCALE, RoundingMode.HALF_EVEN));
            List<Flag> flags = flags(from, to);
            Map<PriceUnit, BigDecimal> units = new EnumMap<>(PriceUnit.class);
            if (unit.equals(TOKEN)) {
                for (PriceUnit u : EnumSet.of(PriceUnit.INPUT_TOKEN, PriceUnit.OUTPUT_TOKEN, PriceUnit.CACHED_INPUT_TOKEN)) {
                    if (from.rateQuantities.get(u).signum() > 0) {
                        units.put(u, from.rateQuantities.get(u));
                    }
                }
            } else {
                units.put(PriceUnit.fromWireName(unit).orElseThrow(), fromQuantity);
            }
            return new Recommendation(Basis.OBSERVED, flags.isEmpty() ? Verdict.RECOMMENDED : Verdict.FLAGGED, flags, model,
                    fromProvider, names.displayName(fromProvider), List.copyOf(from.models), toProvider,
                    names.displayName(toProvider), List.copyOf(to.models), from.rateCalls, units, current, estimated,
                    normalise(current.subtract(estimated)), ratio(current.subtract(estimated), current), 0,
                    new Evidence(List.of(), List.of(), observation(fromProvider, from, unit, fromQuantity),
                            observation(toProvider, to, unit, toQuantity), unit));
        }

        /** The observations of the logged models of (model key, provider) that pass; null when there are none. */
        private Observed merged(String model, String provider, java.util.function.Predicate<String> loggedModel) {
            Map<String, Observed> byModel = observed.getOrDefault(model, Map.of()).getOrDefault(provider, Map.of());
            Observed sum = null;
            for (Map.Entry<String, Observed> e : byModel.entrySet()) {
                if (loggedModel.test(e.getKey())) {
                    sum = sum == null ? e.getValue() : sum.plus(e.getValue());
                }
            }
            return sum;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** How the alternative did against the current provider, in the user's own calls. */
    private static List<Flag> flags(Observed from, Observed to) {
        List<Flag> flags = new ArrayList<>(2);
        if (from != null && lowerSuccessRate(from, to)) {
            flags.add(Flag.LOWER_SUCCESS_RATE);
        }
        if (from != null && slower(from, to)) {
            flags.add(Flag.SLOWER);
        }
        return flags;
    }

    /**
     * Whether {@code to} succeeds less often than {@code from} by more than the margin, beyond chance: a pooled
     * two-proportion z-test, one-sided with z ≥ 1.96 (97.5% confidence), so a handful of calls with one failure among them is not
     * held against a provider.
     */
    static boolean lowerSuccessRate(Observed from, Observed to) {
        return lowerSuccessRate(from.successful, from.calls, to.successful, to.calls);
    }

    static boolean lowerSuccessRate(long fromSuccessful, long fromCalls, long toSuccessful, long toCalls) {
        if (fromCalls == 0 || toCalls == 0) {
            return false;
        }
        double fromRate = (double) fromSuccessful / fromCalls;
        double toRate = (double) toSuccessful / toCalls;
        if (fromRate - toRate <= SUCCESS_RATE_MARGIN.doubleValue()) {
            return false;
        }
        double pooled = (double) (fromSuccessful + toSuccessful) / (fromCalls + toCalls);
        double standardError = Math.sqrt(pooled * (1 - pooled) * (1.0 / fromCalls + 1.0 / toCalls));
        return (fromRate - toRate) / standardError >= Z_95;
    }

    /** Whether the successful calls on {@code to} take longer, at the median or the 95th percentile, by the margin. */
    private static boolean slower(Observed from, Observed to) {
        if (from.successful < MIN_OBSERVED_CALLS || to.successful < MIN_OBSERVED_CALLS) {
            return false;
        }
        LatencySketch a = from.successLatencies.build();
        LatencySketch b = to.successLatencies.build();
        double factor = 1 + LATENCY_MARGIN.doubleValue();
        return b.percentile(0.5) > a.percentile(0.5) * factor || b.percentile(0.95) > a.percentile(0.95) * factor;
    }

    private static Observation observation(String provider, Observed o, String rateUnit, BigDecimal quantity) {
        LatencySketch latencies = o.successLatencies.build();
        BigDecimal perUnit = rateUnit == null || quantity.signum() == 0 ? null
                : normalise(o.rateCost.divide(quantity, PER_UNIT));
        return new Observation(provider, List.copyOf(o.models), o.calls, o.successful,
                o.calls == 0 ? null : BigDecimal.valueOf(o.successful).divide(BigDecimal.valueOf(o.calls), SCALE, RoundingMode.HALF_EVEN),
                latencies.percentile(0.5), latencies.percentile(0.95), perUnit);
    }

    /** The units a price list bills, cached input tokens aside (a call that reads no cache pays none). */
    private static Set<PriceUnit> billed(Set<PriceUnit> units) {
        Set<PriceUnit> billed = units.isEmpty() ? EnumSet.noneOf(PriceUnit.class) : EnumSet.copyOf(units);
        billed.remove(PriceUnit.CACHED_INPUT_TOKEN);
        return billed;
    }

    private static boolean samePrices(Map<PriceUnit, PriceRow> a, Map<PriceUnit, PriceRow> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<PriceUnit, PriceRow> e : a.entrySet()) {
            if (e.getValue().usdPerUnit().compareTo(b.get(e.getKey()).usdPerUnit()) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Endpoint endpoint(String provider, String providerModel) {
        return new Endpoint(provider, providerModel.toLowerCase(Locale.ROOT));
    }

    private static List<PriceRow> sortedRows(Set<PriceRow> rows) {
        return rows.stream().sorted(Comparator.comparing(PriceRow::unit).thenComparing(PriceRow::effectiveFrom)).toList();
    }

    private static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
        return whole.signum() == 0 ? null : part.divide(whole, SCALE, RoundingMode.HALF_EVEN);
    }

    /** Exact, without trailing zeros, never in exponent form. */
    private static BigDecimal normalise(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
