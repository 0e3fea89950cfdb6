package org.usagelens.web;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.usagelens.domain.model.TextRules;
import org.usagelens.domain.port.in.ListPricesUseCase;
import org.usagelens.domain.pricing.PriceRow;
import org.usagelens.domain.pricing.PriceUnit;

/**
 * {@code GET /api/prices}: the effective price catalog (built-in and deployment rows), filterable by provider, model
 * (canonical or the provider's own id), unit and the day the prices are in force. Public, like the provider catalog:
 * prices are public facts.
 */
final class PricesHandler {
    private static final Set<String> PARAMS = Set.of("provider", "model", "unit", "at");

    private final ListPricesUseCase prices;

    public PricesHandler(ListPricesUseCase prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    public void list(Context ctx) {
        QueryParams params = new QueryParams(ctx, PARAMS);
        String provider = identifier(params, "provider", 50);
        String model = identifier(params, "model", 100);
        String unitName = params.string("unit");
        PriceUnit unit = null;
        if (unitName != null) {
            unit = PriceUnit.fromWireName(unitName).orElseThrow(() -> ApiError.badRequest("unit",
                    "unit must be one of " + String.join(", ", PriceUnit.wireNames())));
        }
        String atText = params.string("at");
        LocalDate at = null;
        if (atText != null) {
            try {
                at = LocalDate.parse(atText);
            } catch (java.time.DateTimeException e) {
                throw ApiError.badRequest("at", "at must be a day as YYYY-MM-DD, e.g. 2026-11-01");
            }
            if (at.getYear() < 2000 || at.getYear() > 2999) {
                throw ApiError.badRequest("at", "at must be a day from 2000-01-01 to 2999-12-31");
            }
        }
        ctx.json(PricesResponse.from(prices.prices(new ListPricesUseCase.PriceQuery(provider, model, unit, at))));
    }

    private static String identifier(QueryParams params, String name, int max) {
        String value = params.string(name);
        if (value == null) {
            return null;
        }
        String problem = TextRules.identifierProblem(value, max);
        if (problem != null) {
            throw ApiError.badRequest(name, name + " " + problem);
        }
        return value;
    }

    /** The body of {@code GET /api/prices}. */
    public record PricesResponse(String priceVersion, List<PriceBody> prices) {
        static PricesResponse from(ListPricesUseCase.Prices p) {
            return new PricesResponse(p.priceVersion(), p.rows().stream().map(PriceBody::from).toList());
        }
    }

    /** One price: USD per one unit, from a day (inclusive) to a day (exclusive; null while it holds). */
    public record PriceBody(String model, String provider, String providerModel, String unit, BigDecimal usdPerUnit,
                            LocalDate effectiveFrom, LocalDate effectiveTo, String source) {
        static PriceBody from(PriceRow r) {
            return new PriceBody(r.model(), r.provider(), r.providerModel(), r.unit().wireName(), r.usdPerUnit(),
                    r.effectiveFrom(), r.effectiveTo(), r.source().isEmpty() ? null : r.source());
        }
    }
}
