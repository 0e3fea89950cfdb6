package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.util.Locale;
import org.usagelens.domain.model.CostSource;
import org.usagelens.domain.model.StoredCost;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.pricing.CallToPrice;
import org.usagelens.domain.pricing.PriceResult;
import org.usagelens.domain.pricing.Pricer;

/**
 * The cost a new row is stored with: the client's when it reported one (with the catalog's figure beside it, so
 * deviations show); otherwise the catalog's price in force at the event's timestamp; otherwise unpriced, with the
 * reason. Never zero for unknown.
 */
final class Costing {
    private Costing() {
    }

    static StoredCost cost(Pricer pricer, UsageEvent event, StoredDetection detection) {
        PriceResult price = pricer.price(new CallToPrice(detection == null ? null : detection.providerId(),
                event.modelUsed(), event.timestamp(), event.tokensInput(), event.tokensOutput(), null, event.units()));
        BigDecimal catalogTotal = price instanceof PriceResult.Priced p ? p.costTotal() : null;
        if (event.costTotal() != null) {
            return new StoredCost(event.costInput(), event.costOutput(), event.costTotal(), CostSource.CLIENT, null,
                    price.priceVersion(), catalogTotal);
        }
        if (price instanceof PriceResult.Priced p) {
            return new StoredCost(p.costInput(), p.costOutput(), p.costTotal(), CostSource.CATALOG, null,
                    p.priceVersion(), p.costTotal());
        }
        PriceResult.Unpriced u = (PriceResult.Unpriced) price;
        return new StoredCost(null, null, null, CostSource.UNPRICED, u.reason().name().toLowerCase(Locale.ROOT),
                u.priceVersion(), null);
    }
}
