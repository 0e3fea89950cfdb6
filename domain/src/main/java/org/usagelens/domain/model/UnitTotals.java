package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.usagelens.domain.pricing.PriceUnit;

/**
 * What a group of calls reported, summed per unit as the pricer counts it: {@code input_token} is the input tokens
 * less the cached ones (which are {@code cached_input_token}), {@code output_token} the output tokens, the other units
 * their entries in the calls' units. Quantities are exact and never negative; a unit no call reported is absent
 * (read as zero).
 */
public record UnitTotals(Map<PriceUnit, BigDecimal> quantities) {

    public static final UnitTotals NONE = new UnitTotals(Map.of());

    public UnitTotals {
        Objects.requireNonNull(quantities, "quantities");
        Map<PriceUnit, BigDecimal> copy = new EnumMap<>(PriceUnit.class);
        quantities.forEach((unit, quantity) -> {
            Objects.requireNonNull(unit, "unit");
            Objects.requireNonNull(quantity, "quantity");
            if (quantity.signum() < 0) {
                throw new IllegalArgumentException(unit + " must not be negative: " + quantity);
            }
            if (quantity.signum() > 0) {
                copy.put(unit, quantity);
            }
        });
        quantities = copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    /**
     * The totals of calls that reported these sums (as the store keeps them: every input token, the output tokens, and
     * the sums of the calls' units, the cached input tokens among them).
     *
     * @param units sums per unit other than input and output tokens; missing ones are zero
     * @throws IllegalArgumentException when a sum is negative (no writer of UsageLens stores a negative quantity)
     */
    public static UnitTotals reported(BigInteger tokensInput, BigInteger tokensOutput, Map<PriceUnit, BigDecimal> units) {
        Map<PriceUnit, BigDecimal> q = new EnumMap<>(PriceUnit.class);
        units.forEach((unit, quantity) -> {
            if (unit == PriceUnit.INPUT_TOKEN || unit == PriceUnit.OUTPUT_TOKEN) {
                throw new IllegalArgumentException("input and output tokens are given as token sums, not as " + unit);
            }
            q.put(unit, quantity);
        });
        BigDecimal cached = q.getOrDefault(PriceUnit.CACHED_INPUT_TOKEN, BigDecimal.ZERO);
        // Cached tokens are part of the input; a call never reports more of them than it has (the validator's rule).
        q.put(PriceUnit.INPUT_TOKEN, new BigDecimal(tokensInput).subtract(cached).max(BigDecimal.ZERO));
        q.put(PriceUnit.OUTPUT_TOKEN, new BigDecimal(tokensOutput));
        return new UnitTotals(q);
    }

    /** The quantity of a unit, zero when none was reported. */
    public BigDecimal get(PriceUnit unit) {
        return quantities.getOrDefault(unit, BigDecimal.ZERO);
    }

    public boolean isEmpty() {
        return quantities.isEmpty();
    }

    /** These totals and another's, unit by unit. */
    public UnitTotals plus(UnitTotals other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<PriceUnit, BigDecimal> sum = new EnumMap<>(PriceUnit.class);
        sum.putAll(quantities);
        other.quantities.forEach((unit, quantity) -> sum.merge(unit, quantity, BigDecimal::add));
        return new UnitTotals(sum);
    }
}
