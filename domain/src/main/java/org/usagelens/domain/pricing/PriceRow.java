package org.usagelens.domain.pricing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * One price of the catalog: what one {@code unit} of {@code providerModel} on {@code provider} costs in USD from
 * {@code effectiveFrom} (inclusive, UTC day) to {@code effectiveTo} (exclusive; null while the price holds).
 *
 * @param model         the canonical, provider-neutral model id, e.g. {@code flux-dev}
 * @param provider      a provider id of the detection catalog, e.g. {@code fal}
 * @param providerModel the id the provider's API uses, e.g. {@code fal-ai/flux/dev}
 * @param usdPerUnit    exact, non-negative, trailing zeros stripped
 * @param source        where the price comes from (free text, usually a URL); empty when the file gives none
 * @param origin        {@code <file>:<line>} of the row this price was read from (a clipped built-in row keeps its
 *                      line)
 */
public record PriceRow(String model, String provider, String providerModel, PriceUnit unit, BigDecimal usdPerUnit,
        LocalDate effectiveFrom, LocalDate effectiveTo, String source, String origin) {

    public PriceRow {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerModel, "providerModel");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(usdPerUnit, "usdPerUnit");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(origin, "origin");
        source = source == null ? "" : source;
        if (usdPerUnit.signum() < 0) {
            throw new IllegalArgumentException("usdPerUnit must not be negative: " + usdPerUnit);
        }
        usdPerUnit = Money.normalise(usdPerUnit);
        if (effectiveTo != null && !effectiveTo.isAfter(effectiveFrom)) {
            throw new IllegalArgumentException("effectiveTo " + effectiveTo + " must be after effectiveFrom "
                    + effectiveFrom);
        }
    }

    /** Whether this price applies at the instant: {@code effectiveFrom <= day(at) < effectiveTo}, in UTC. */
    public boolean inForceAt(Instant at) {
        long second = at.getEpochSecond();
        return second >= fromSecond() && second < toSecond();
    }

    /** The same price over another range (used when a deployment row clips a built-in one). */
    PriceRow withRange(LocalDate from, LocalDate to) {
        return new PriceRow(model, provider, providerModel, unit, usdPerUnit, from, to, source, origin);
    }

    long fromSecond() {
        return effectiveFrom.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }

    /** {@link Long#MAX_VALUE} while open. */
    long toSecond() {
        return effectiveTo == null ? Long.MAX_VALUE : effectiveTo.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    }
}
