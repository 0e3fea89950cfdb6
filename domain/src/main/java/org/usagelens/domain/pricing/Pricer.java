package org.usagelens.domain.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.usagelens.domain.pricing.PriceCatalog.Resolution;

/**
 * Prices calls against one catalog: a pure function of the call and the catalog, safe to share between threads. The
 * rules (which quantities a model needs, when a call is unpriced) are in the package documentation.
 */
public final class Pricer {

    private static final int INPUT = PriceUnit.INPUT_TOKEN.ordinal();
    private static final int OUTPUT = PriceUnit.OUTPUT_TOKEN.ordinal();
    private static final int CACHED = PriceUnit.CACHED_INPUT_TOKEN.ordinal();
    private static final int UNIT_COUNT = PriceUnit.count();

    private final PriceCatalog catalog;

    public Pricer(PriceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public PriceCatalog catalog() {
        return catalog;
    }

    /** What the call should have cost by the catalog, or why it cannot be said. Never throws. */
    public PriceResult price(CallToPrice call) {
        String version = catalog.priceVersion();
        String model = call.model();
        if (model == null || model.isBlank()) {
            return new PriceResult.Unpriced(UnpricedReason.UNKNOWN_MODEL, List.of(), "the call names no model",
                    version);
        }
        Resolution resolution = catalog.resolve(call.provider(), model, call.timestamp());
        switch (resolution.status()) {
            case NO_ENDPOINT:
                return new PriceResult.Unpriced(UnpricedReason.NO_PRICE, List.of(), "no price for model '" + model
                        + "' on provider '" + call.provider() + "'", version);
            case NOT_IN_FORCE:
                return new PriceResult.Unpriced(UnpricedReason.NO_PRICE, List.of(), "model '" + model
                        + "' on provider '" + call.provider() + "' has no price in force at " + call.timestamp(),
                        version);
            case AMBIGUOUS:
                return new PriceResult.Unpriced(UnpricedReason.NO_PRICE, List.of(), "'" + model
                        + "' is a canonical model that provider '" + call.provider()
                        + "' prices differently under " + resolution.endpoint() + " at " + call.timestamp(), version);
            default:
                break;
        }
        PriceRow[] rows = resolution.rows();

        boolean media = false;
        for (int u = 0; u < UNIT_COUNT; u++) {
            if (rows[u] != null && !PriceUnit.byOrdinal(u).isToken()) {
                media = true;
                break;
            }
        }
        Long cachedReported = call.cachedInputTokens();
        long cached = cachedReported == null ? 0 : cachedReported;
        BigDecimal[] quantity = new BigDecimal[UNIT_COUNT];
        quantity[INPUT] = call.tokensInput() == null ? null : BigDecimal.valueOf(call.tokensInput() - cached);
        quantity[OUTPUT] = call.tokensOutput() == null ? null : BigDecimal.valueOf(call.tokensOutput());
        quantity[CACHED] = cachedReported == null ? null : BigDecimal.valueOf(cached);
        Units units = call.units();
        for (int u = CACHED + 1; u < UNIT_COUNT; u++) {
            quantity[u] = units.get(PriceUnit.byOrdinal(u));
        }

        boolean anyReported = false;
        List<PriceUnit> missing = null;
        List<PriceUnit> unpriced = null;
        for (int u = 0; u < UNIT_COUNT; u++) {
            BigDecimal q = quantity[u];
            if (rows[u] != null) {
                if (q != null) {
                    anyReported = true;
                } else if (u != CACHED) { // cached tokens not reported: none
                    missing = add(missing, u);
                }
            } else if (q != null && q.signum() > 0 && isBilled(u, media, rows)) {
                unpriced = add(unpriced, u);
            }
        }
        if (!anyReported) {
            return new PriceResult.Unpriced(UnpricedReason.NO_UNITS, pricedUnits(rows), "the call reports no quantity "
                    + "in the units " + pricedUnits(rows) + " that price '" + model + "' on '" + call.provider() + "'",
                    version);
        }
        if (unpriced != null) {
            return new PriceResult.Unpriced(UnpricedReason.PARTIAL, unpriced, "the call reports " + unpriced
                    + " but '" + model + "' on '" + call.provider() + "' has no price in "
                    + (unpriced.size() == 1 ? "that unit" : "those units") + " at " + call.timestamp(), version);
        }
        if (missing != null) {
            return new PriceResult.Unpriced(UnpricedReason.UNKNOWN_QUANTITY, missing, "'" + model + "' on '"
                    + call.provider() + "' is priced in " + missing + " but the call does not report "
                    + (missing.size() == 1 ? "that quantity" : "those quantities"), version);
        }

        List<PricedQuantity> lines = new ArrayList<>(4);
        BigDecimal costInput = BigDecimal.ZERO;
        BigDecimal costOutput = BigDecimal.ZERO;
        BigDecimal costTotal = BigDecimal.ZERO;
        for (int u = 0; u < UNIT_COUNT; u++) {
            PriceRow row = rows[u];
            BigDecimal q = quantity[u];
            if (row == null || q == null) {
                continue;
            }
            BigDecimal cost = Money.normalise(q.multiply(row.usdPerUnit()));
            lines.add(new PricedQuantity(row.unit(), q, row, cost));
            costTotal = costTotal.add(cost);
            if (u == INPUT || u == CACHED) {
                costInput = costInput.add(cost);
            } else if (u == OUTPUT) {
                costOutput = costOutput.add(cost);
            }
        }
        return new PriceResult.Priced(Money.normalise(costInput), Money.normalise(costOutput),
                Money.normalise(costTotal), resolution.match(), lines, version);
    }

    /**
     * Whether a quantity in a unit the model has no price for makes the call partial. Units other than tokens always
     * do. Token counts do on a model priced in tokens only; on a model priced per image, second, character or request
     * they are informational (Gemini reports 1290 output tokens per image its {@code image} row already prices),
     * except cached input tokens where the input tokens are priced: they are part of those and need their own price.
     */
    private static boolean isBilled(int unit, boolean media, PriceRow[] rows) {
        return !PriceUnit.byOrdinal(unit).isToken() || !media || (unit == CACHED && rows[INPUT] != null);
    }

    private static List<PriceUnit> add(List<PriceUnit> list, int unit) {
        List<PriceUnit> l = list == null ? new ArrayList<>(2) : list;
        l.add(PriceUnit.byOrdinal(unit));
        return l;
    }

    private static List<PriceUnit> pricedUnits(PriceRow[] rows) {
        List<PriceUnit> units = new ArrayList<>();
        for (PriceRow row : rows) {
            if (row != null) {
                units.add(row.unit());
            }
        }
        return units;
    }
}
