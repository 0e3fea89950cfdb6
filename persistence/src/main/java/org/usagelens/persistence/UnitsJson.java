package org.usagelens.persistence;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import org.jooq.JSONB;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.domain.pricing.Units;

/**
 * A call's units as the {@code units} JSONB column holds them: a flat object of unit names to exact decimal
 * quantities, {@code {"image": 2, "video_second": 5.5}}; null for none.
 */
final class UnitsJson {
    private UnitsJson() {
    }

    static JSONB write(Units units) {
        if (units == null || units.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<PriceUnit, BigDecimal> e : units.quantities().entrySet()) {
            json.append(json.length() == 1 ? "" : ", ").append('"').append(e.getKey().wireName()).append("\": ")
                    .append(e.getValue().toPlainString());
        }
        return JSONB.valueOf(json.append('}').toString());
    }

    /**
     * Reads what {@link #write} wrote (PostgreSQL may reorder the keys and respace the text). Another writer may have
     * stored anything there: what is not a known unit with a decimal quantity is left out rather than failing the read
     * of the row.
     */
    static Units read(JSONB jsonb) {
        if (jsonb == null) {
            return Units.NONE;
        }
        String text = jsonb.data().trim();
        if (!text.startsWith("{") || !text.endsWith("}") || text.equals("{}")) {
            return Units.NONE;
        }
        Map<PriceUnit, BigDecimal> quantities = new EnumMap<>(PriceUnit.class);
        for (String pair : text.substring(1, text.length() - 1).split(",")) {
            String[] kv = pair.split(":", 2);
            if (kv.length != 2) {
                continue;
            }
            String name = kv[0].trim();
            if (name.length() < 2 || name.charAt(0) != '"' || name.charAt(name.length() - 1) != '"') {
                continue;
            }
            java.util.Optional<PriceUnit> unit = PriceUnit.fromWireName(name.substring(1, name.length() - 1));
            if (unit.isEmpty()) {
                continue;
            }
            try {
                BigDecimal quantity = new BigDecimal(kv[1].trim());
                if (quantity.signum() >= 0) {
                    quantities.put(unit.get(), quantity);
                }
            } catch (NumberFormatException notANumber) {
                // another writer's value; left out
            }
        }
        try {
            return quantities.isEmpty() ? Units.NONE : new Units(quantities);
        } catch (IllegalArgumentException outOfRange) {
            return Units.NONE;
        }
    }
}
