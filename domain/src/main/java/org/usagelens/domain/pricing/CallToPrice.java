package org.usagelens.domain.pricing;

import java.time.Instant;
import java.util.Objects;

/**
 * What the pricer needs to know about one call: who served it, the model string as the client logged it, when, and
 * how much of each unit it used.
 *
 * @param provider          the provider id that served the call (the detection result); null prices nothing
 * @param model             the model string as logged; null or blank is {@link UnpricedReason#UNKNOWN_MODEL}
 * @param timestamp         when the call was made; selects the prices in force
 * @param tokensInput       all input (prompt) tokens, cached ones included; null when unknown
 * @param tokensOutput      output (completion) tokens; null when unknown
 * @param cachedInputTokens the part of {@code tokensInput} read from the prompt cache; null when not reported (taken as
 *                          none)
 * @param units             the other billable quantities; null means none
 */
public record CallToPrice(String provider, String model, Instant timestamp, Long tokensInput,
        Long tokensOutput, Long cachedInputTokens, Units units) {

    /** @throws IllegalArgumentException for negative token counts or more cached than input tokens */
    public CallToPrice {
        Objects.requireNonNull(timestamp, "timestamp");
        units = units == null ? Units.NONE : units;
        requireNonNegative("tokensInput", tokensInput);
        requireNonNegative("tokensOutput", tokensOutput);
        requireNonNegative("cachedInputTokens", cachedInputTokens);
        if (cachedInputTokens != null && tokensInput != null && cachedInputTokens > tokensInput) {
            throw new IllegalArgumentException("cachedInputTokens (" + cachedInputTokens
                    + ") must not exceed tokensInput (" + tokensInput + "): cached tokens are part of the input");
        }
    }

    /** A call with tokens only. */
    public static CallToPrice tokens(String provider, String model, Instant timestamp, Long tokensInput,
            Long tokensOutput) {
        return new CallToPrice(provider, model, timestamp, tokensInput, tokensOutput, null, Units.NONE);
    }

    /** A call with units only (tokens unknown, as for most media calls). */
    public static CallToPrice units(String provider, String model, Instant timestamp, Units units) {
        return new CallToPrice(provider, model, timestamp, null, null, null, units);
    }

    private static void requireNonNegative(String name, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, is " + value);
        }
    }
}
