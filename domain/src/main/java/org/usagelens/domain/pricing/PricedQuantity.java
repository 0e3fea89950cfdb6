package org.usagelens.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/** One line of a priced call: {@code quantity} of {@code unit} at the price of {@code row} costs exactly {@code cost}. */
public record PricedQuantity(PriceUnit unit, BigDecimal quantity, PriceRow row, BigDecimal cost) {

    public PricedQuantity {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(cost, "cost");
    }
}
