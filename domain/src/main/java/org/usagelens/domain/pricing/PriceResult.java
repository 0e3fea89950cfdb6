package org.usagelens.domain.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** What a call should have cost: {@link Priced} or {@link Unpriced}, both with the catalog's price version. */
public sealed interface PriceResult permits PriceResult.Priced, PriceResult.Unpriced {

    /** The {@link PriceCatalog#priceVersion()} the call was judged against. */
    String priceVersion();

    default boolean isPriced() {
        return this instanceof Priced;
    }

    /**
     * A priced call. Amounts are exact USD, never rounded (their scale is what the multiplication gives, trailing
     * zeros stripped): {@code costInput} = input and cached input tokens, {@code costOutput} = output tokens,
     * {@code costTotal} = every line, so {@code costTotal - costInput - costOutput} is the cost of the other units.
     *
     * @param match how the logged model string matched the catalog
     * @param lines one per unit priced, in unit order, with the row used
     */
    record Priced(BigDecimal costInput, BigDecimal costOutput, BigDecimal costTotal, ModelMatch match,
            List<PricedQuantity> lines, String priceVersion) implements PriceResult {

        public Priced {
            Objects.requireNonNull(costInput, "costInput");
            Objects.requireNonNull(costOutput, "costOutput");
            Objects.requireNonNull(costTotal, "costTotal");
            Objects.requireNonNull(match, "match");
            Objects.requireNonNull(priceVersion, "priceVersion");
            lines = List.copyOf(lines);
        }
    }

    /**
     * A call without a cost.
     *
     * @param units  the units concerned: the unpriced ones (PARTIAL), the missing ones (UNKNOWN_QUANTITY), the ones
     *               the model is priced in (NO_UNITS); empty otherwise
     * @param detail a sentence for people, e.g. which model was looked up where
     */
    record Unpriced(UnpricedReason reason, List<PriceUnit> units, String detail, String priceVersion)
            implements PriceResult {

        public Unpriced {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(priceVersion, "priceVersion");
            units = List.copyOf(units);
        }
    }
}
