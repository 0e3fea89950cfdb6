package org.usagelens.domain.service;

import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import org.usagelens.domain.port.in.ListPricesUseCase;
import org.usagelens.domain.pricing.PriceCatalog;

/** Filters the effective price catalog. */
public final class ListPricesService implements ListPricesUseCase {
    private final PriceCatalog catalog;

    public ListPricesService(PriceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public Prices prices(PriceQuery q) {
        String model = q.model() == null ? null : q.model().toLowerCase(Locale.ROOT);
        return new Prices(catalog.priceVersion(), catalog.rows().stream()
                .filter(r -> q.provider() == null || r.provider().equals(q.provider()))
                .filter(r -> model == null || r.model().equals(model) || r.providerModel().toLowerCase(Locale.ROOT).equals(model))
                .filter(r -> q.unit() == null || r.unit() == q.unit())
                .filter(r -> q.at() == null || r.inForceAt(q.at().atStartOfDay(ZoneOffset.UTC).toInstant()))
                .toList());
    }
}
