package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.usagelens.domain.pricing.PriceRow;
import org.usagelens.domain.pricing.PriceUnit;

/**
 * Where the same work would have cost less: for a window of one user's calls, each switch of a model's calls from
 * the provider that served them to another that prices the same model in the same units (or, from observed data
 * alone, that the user already uses for it at a clearly lower cost per unit), with what it would have saved and the
 * evidence. Sorted by savings, largest first.
 *
 * @param priceVersion the catalog version the estimates come from
 * @param minSavings   nothing saving less (USD) is listed
 * @param coverage     which calls the catalog could compare, and why the others could not be
 */
public record ProviderRecommendations(UsageLogFilter filter, String priceVersion, BigDecimal minSavings,
                                      double latencyRelativeError, Thresholds thresholds,
                                      List<Recommendation> recommendations, Coverage coverage) {

    public ProviderRecommendations {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(priceVersion, "priceVersion");
        Objects.requireNonNull(minSavings, "minSavings");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(coverage, "coverage");
        recommendations = List.copyOf(recommendations);
    }

    /** What the estimate rests on. */
    public enum Basis {
        /** The catalog's prices of the alternative, in force on each call's day, applied to the calls' quantities. */
        CATALOG,
        /** The user's own calls on both providers: their recorded cost per unit. */
        OBSERVED
    }

    /** What the evidence says about switching. */
    public enum Verdict {
        /** Cheaper, and the user's own calls on the alternative do no worse (enough of them to say so). */
        RECOMMENDED,
        /** Cheaper by the catalog; the user has too few calls there to say how it succeeds or how fast it is. */
        UNTESTED,
        /** Cheaper, but the user's calls there fail more often or take longer: see {@link Recommendation#flags()}. */
        FLAGGED
    }

    /** Why a cheaper alternative is flagged. */
    public enum Flag {
        /** Its observed success rate is lower, by more than the margin and beyond chance. */
        LOWER_SUCCESS_RATE,
        /** Its observed median or 95th-percentile latency of successful calls is longer by more than the margin. */
        SLOWER
    }

    /** Why calls of the window could not be compared with another provider's prices. */
    public enum Reason {
        /** Stored without an actual provider. */
        NO_PROVIDER,
        /** The call names no model. */
        NO_MODEL,
        /** The catalog has no price for the model on that provider on that day, so the model it stands for is unknown. */
        NOT_IN_CATALOG,
        /** The catalog prices the model, but the call did not report every quantity its prices need (or was stored
         * before the catalog priced it): it cannot be priced elsewhere either. */
        QUANTITIES_UNKNOWN,
        /** No other provider (or endpoint) prices that model in the same units on that day. */
        NO_ALTERNATIVE
    }

    /**
     * One switch.
     *
     * @param model            the canonical model (or, for {@link Basis#OBSERVED} without one, the logged model)
     * @param fromModels       the models as logged with the current provider
     * @param toModels         the alternative's endpoint ({@link Basis#CATALOG}), or the models as logged with it
     * @param calls            the calls compared
     * @param units            their quantities, per unit
     * @param currentCost      what those calls cost as recorded
     * @param estimatedCost    the same quantities at the alternative's prices (exact), or at its observed cost per unit
     *                         (10 decimal places)
     * @param savingsRatio     savings / current cost (10 decimal places); null when the current cost is zero
     * @param callsNotPricedThere calls of the same model and provider the alternative had no price for in the same
     *                         units on their day (left out of the comparison)
     */
    public record Recommendation(Basis basis, Verdict verdict, List<Flag> flags, String model, String fromProvider,
                                 String fromProviderDisplayName, List<String> fromModels, String toProvider,
                                 String toProviderDisplayName, List<String> toModels, long calls,
                                 Map<PriceUnit, BigDecimal> units, BigDecimal currentCost, BigDecimal estimatedCost,
                                 BigDecimal estimatedSavings, BigDecimal savingsRatio, long callsNotPricedThere,
                                 Evidence evidence) {
        public Recommendation {
            Objects.requireNonNull(basis, "basis");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(fromProvider, "fromProvider");
            Objects.requireNonNull(toProvider, "toProvider");
            Objects.requireNonNull(currentCost, "currentCost");
            Objects.requireNonNull(estimatedCost, "estimatedCost");
            Objects.requireNonNull(estimatedSavings, "estimatedSavings");
            Objects.requireNonNull(evidence, "evidence");
            flags = List.copyOf(flags);
            fromModels = List.copyOf(fromModels);
            toModels = List.copyOf(toModels);
            units = units.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(units));
        }
    }

    /**
     * What a recommendation rests on.
     *
     * @param alternativePrices the alternative's price rows the estimate used (catalog basis), by unit and date
     * @param currentPrices     the current provider's price rows in force for the same calls, for comparison
     * @param from              the user's calls of the model on the current provider
     * @param to                the user's calls of the model on the alternative; null when there are none
     * @param rateUnit          the unit of the observed cost per unit: a unit's wire name, or {@code token} (input
     *                          and output together); null for the catalog basis
     */
    public record Evidence(List<PriceRow> alternativePrices, List<PriceRow> currentPrices, Observation from,
                           Observation to, String rateUnit) {
        public Evidence {
            Objects.requireNonNull(from, "from");
            alternativePrices = List.copyOf(alternativePrices);
            currentPrices = List.copyOf(currentPrices);
        }
    }

    /**
     * How a provider served the user's calls of a model in the window.
     *
     * @param successRate successful / calls, 10 decimal places
     * @param latencyP50  of the successful calls, seconds, within the response's relative error; null without any
     * @param costPerUnit observed cost per {@link Evidence#rateUnit()} (10 decimal places); null for the catalog basis
     */
    public record Observation(String provider, List<String> models, long calls, long successfulCalls,
                              BigDecimal successRate, Double latencyP50, Double latencyP95, BigDecimal costPerUnit) {
        public Observation {
            Objects.requireNonNull(provider, "provider");
            models = List.copyOf(models);
        }
    }

    /** The window's calls, those the catalog compared with at least one alternative, and why the others were not. */
    public record Coverage(long calls, long comparedCalls, Map<Reason, Long> notCompared) {
        public Coverage {
            Map<Reason, Long> copy = new EnumMap<>(Reason.class);
            notCompared.forEach((reason, n) -> {
                if (n != 0) {
                    copy.put(reason, n);
                }
            });
            notCompared = copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
        }
    }

    /**
     * The rules the verdicts follow.
     *
     * @param minObservedCalls   calls the user must have made on a provider for its success rate and latency to count
     *                           as evidence (and for an observed cost per unit)
     * @param successRateMargin  a success rate is worse when lower by more than this (and beyond chance: a two-proportion
     *                           z-test, one-sided
     *                           with z ≥ 1.96: 97.5% confidence)
     * @param latencyMargin      latency is worse when the median or p95 of successful calls is more than this fraction
     *                           longer
     * @param observedCostMargin an observed cost per unit is clearly lower when lower by at least this fraction
     */
    public record Thresholds(int minObservedCalls, BigDecimal successRateMargin, BigDecimal latencyMargin,
                             BigDecimal observedCostMargin) {
    }
}
