package org.usagelens.domain.pricing;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A provider endpoint that prices a canonical model in the asked units at an instant: a candidate for recommendations. */
public record Alternative(String provider, String providerModel, Map<PriceUnit, PriceRow> rows) {

    public Alternative {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(providerModel, "providerModel");
        rows = rows.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(rows));
    }
}
