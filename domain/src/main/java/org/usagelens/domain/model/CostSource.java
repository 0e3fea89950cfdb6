package org.usagelens.domain.model;

import java.util.Locale;
import java.util.Optional;

/** Where a stored call's cost came from. */
public enum CostSource {
    /** The client reported the cost; it is kept as reported, whatever the catalog says. */
    CLIENT,
    /** The client reported no cost; the price catalog priced the call at the prices in force at its timestamp. */
    CATALOG,
    /** Neither: the cost is unknown (never zero), and the row says why. */
    UNPRICED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CostSource> fromWireName(String name) {
        for (CostSource s : values()) {
            if (s.wireName().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
