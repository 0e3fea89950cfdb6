package org.usagelens.domain.port.in;

import java.time.LocalDate;
import java.util.List;
import org.usagelens.domain.pricing.PriceRow;
import org.usagelens.domain.pricing.PriceUnit;

/** Inbound port: the effective price catalog (built-in and deployment rows merged), filtered. */
public interface ListPricesUseCase {

    /**
     * @param provider a provider id, or null for all
     * @param model    a canonical model id or a provider's model id (case-insensitive), or null for all
     * @param unit     a unit, or null for all
     * @param at       only the prices in force on this UTC day, or null for every price of every period
     */
    record PriceQuery(String provider, String model, PriceUnit unit, LocalDate at) {
    }

    /** The catalog's version and the matching rows, by provider, model and unit, oldest first. */
    record Prices(String priceVersion, List<PriceRow> rows) {
        public Prices {
            rows = List.copyOf(rows);
        }
    }

    Prices prices(PriceQuery query);
}
