package org.usagelens.domain.pricing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The billable quantities of one call other than tokens, e.g. {@code {image: 2}}, {@code {video_second: 5.5}},
 * {@code {character: 340}}, {@code {request: 1}}: every quantity is non-negative, has at most
 * {@value #MAX_DECIMALS} decimal places and is below {@link #MAX_QUANTITY}. Token counts are not units: a call
 * reports them in its token fields ({@code tokens_input}, {@code tokens_output} and the cached input tokens).
 */
public record Units(Map<PriceUnit, BigDecimal> quantities) {

    /** The field name of the units object in a usage event; problems are reported as {@code units.<unit>}. */
    public static final String FIELD = "units";
    public static final int MAX_DECIMALS = 12;
    /** Quantities are below a billion: more images, seconds, characters or requests in one call is a client bug. */
    public static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000");
    /** No units reported. */
    public static final Units NONE = new Units(Map.of());

    /** @throws IllegalArgumentException when a unit is a token unit or a quantity is out of range */
    public Units {
        Objects.requireNonNull(quantities, "quantities");
        Map<PriceUnit, BigDecimal> copy = new EnumMap<>(PriceUnit.class);
        for (Map.Entry<PriceUnit, BigDecimal> e : quantities.entrySet()) {
            PriceUnit unit = Objects.requireNonNull(e.getKey(), "unit");
            BigDecimal value = Objects.requireNonNull(e.getValue(), "quantity");
            String problem = unit.isToken() ? tokenUnitProblem() : problem(value);
            if (problem != null) {
                throw new IllegalArgumentException(FIELD + "." + unit.wireName() + " " + problem);
            }
            copy.put(unit, Money.normalise(value));
        }
        quantities = copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
    }

    /** The quantity reported for the unit, or null when the call reported none. */
    public BigDecimal get(PriceUnit unit) {
        return quantities.get(unit);
    }

    public boolean isEmpty() {
        return quantities.isEmpty();
    }

    /** The outcome of reading a units object: {@code units} when {@code problems} is empty, else null. */
    public record Parsed(Units units, List<UnitProblem> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /**
     * Reads a units object as a JSON parser delivers it (names to Integer, Long, BigInteger, BigDecimal, Double or
     * Float), reporting every problem with its field path {@code units.<name>}; null reads as no units.
     */
    public static Parsed parse(Map<String, ?> raw) {
        if (raw == null || raw.isEmpty()) {
            return new Parsed(NONE, List.of());
        }
        List<UnitProblem> problems = new ArrayList<>();
        Map<PriceUnit, BigDecimal> quantities = new EnumMap<>(PriceUnit.class);
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String name = e.getKey();
            if (name == null) {
                problems.add(new UnitProblem(FIELD, "unit names must not be null"));
                continue;
            }
            String field = FIELD + "." + name;
            Optional<PriceUnit> unit = PriceUnit.fromWireName(name);
            if (unit.isEmpty()) {
                problems.add(new UnitProblem(field, "unknown unit; the units are image, video_second, audio_second, "
                        + "character and request"));
                continue;
            }
            if (unit.get().isToken()) {
                problems.add(new UnitProblem(field, tokenUnitProblem()));
                continue;
            }
            BigDecimal value = number(e.getValue(), field, problems);
            if (value == null) {
                continue;
            }
            String problem = problem(value);
            if (problem != null) {
                problems.add(new UnitProblem(field, problem));
                continue;
            }
            quantities.put(unit.get(), value);
        }
        return problems.isEmpty() ? new Parsed(new Units(quantities), List.of()) : new Parsed(null, List.copyOf(problems));
    }

    /** Every problem of a units object (empty when it is valid); see {@link #parse(Map)}. */
    public static List<UnitProblem> validate(Map<String, ?> raw) {
        return parse(raw).problems();
    }

    /**
     * Units from wire names to quantities (any {@link #parse(Map)} accepts), for code and tests.
     *
     * @throws IllegalArgumentException listing the problems
     */
    public static Units of(Map<String, ?> raw) {
        Parsed parsed = parse(raw);
        if (!parsed.valid()) {
            StringBuilder message = new StringBuilder("invalid units:");
            for (UnitProblem p : parsed.problems()) {
                message.append(' ').append(p.field()).append(' ').append(p.reason()).append(';');
            }
            throw new IllegalArgumentException(message.toString());
        }
        return parsed.units();
    }

    private static BigDecimal number(Object value, String field, List<UnitProblem> problems) {
        if (value == null) {
            problems.add(new UnitProblem(field, "must not be null"));
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                problems.add(new UnitProblem(field, "must be a finite number"));
                return null;
            }
            return BigDecimal.valueOf(d); // the shortest decimal that reads back as d: 0.1 stays 0.1
        }
        problems.add(new UnitProblem(field, "must be a JSON number"));
        return null;
    }

    /** Why the quantity is out of range, or null. Judges magnitude before stripping so that 1e999999999 is cheap. */
    private static String problem(BigDecimal value) {
        if (value.signum() < 0) {
            return "must be >= 0";
        }
        if (value.signum() == 0) {
            return null;
        }
        if (value.compareTo(MAX_QUANTITY) >= 0) {
            return "must be less than " + MAX_QUANTITY.toPlainString();
        }
        if ((long) value.scale() - value.precision() > MAX_DECIMALS) {
            return "must have at most " + MAX_DECIMALS + " decimal places"; // below 10^-12: too small whatever the digits
        }
        if (value.stripTrailingZeros().scale() > MAX_DECIMALS) {
            return "must have at most " + MAX_DECIMALS + " decimal places";
        }
        return null;
    }

    private static String tokenUnitProblem() {
        return "is a token unit: report token counts in tokens_input and tokens_output (and the cached input tokens "
                + "in their own field), not in units";
    }
}
