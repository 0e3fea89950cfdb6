package org.usagelens.domain.service;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.Costs;
import org.usagelens.domain.model.FieldProblem;
import org.usagelens.domain.model.TextRules;
import org.usagelens.domain.model.Tokens;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageEventDraft;
import org.usagelens.domain.pricing.PriceUnit;
import org.usagelens.domain.pricing.Units;

/**
 * Judges a {@link UsageEventDraft} against the ingestion rules and either builds the
 * {@link UsageEvent} or lists every problem with its field. Limits mirror the column sizes of
 * {@code api_usage_logs}, so nothing is ever truncated by the store.
 */
public final class UsageEventValidator {

    public static final int MAX_IDEMPOTENCY_KEY = 128;
    public static final int MAX_USER_ID = 100;
    public static final int MAX_ENDPOINT = 200;
    public static final int MAX_MODEL = 100;
    public static final int MAX_USER_AGENT = 500;
    public static final int MAX_IP_ADDRESS = 45;
    public static final int MAX_PROVIDER_NAME = 50;
    public static final int MAX_COST_SCALE = 10;
    /** Costs of one call are below a million dollars; a larger figure is a client bug. */
    public static final BigDecimal COST_LIMIT = new BigDecimal("1000000");
    /** Tokens of one call: at most a billion each way (the largest context windows hold a few million). */
    public static final long MAX_TOKENS = 1_000_000_000L;
    /** Request and response sizes: at most a terabyte. */
    public static final long MAX_SIZE_BYTES = 1_000_000_000_000L;
    /** One call answers within a day; a longer "response time" is a unit mistake (milliseconds sent as seconds). */
    public static final double MAX_RESPONSE_SECONDS = 86_400;
    public static final int MAX_RETRIES = 1000;
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final Instant EARLIEST_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");
    public static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    /** Every field the wire format knows, in the order problems are reported. */
    public static final List<String> FIELDS = List.of(
            "id", "user_id", "provider", "model_used", "endpoint", "method",
            "tokens_input", "tokens_output", "tokens_total", "cost_input", "cost_output", "cost_total",
            "response_time", "status_code", "timestamp", "billing_period", "error_message", "retry_count",
            "request_size", "response_size", "user_agent", "ip_address", "actual_provider_name", "units");

    /** More integer digits than any integer field can hold (2^63 has 19). */
    private static final int MAX_INTEGER_DIGITS = 20;
    private static final BigInteger OUT_OF_RANGE = BigInteger.TEN.pow(MAX_INTEGER_DIGITS);
    private static final Pattern BILLING_PERIOD = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern DECIMAL_STRING = Pattern.compile("\\d{1,30}(\\.\\d{1,30})?");

    private final Clock clock;
    private final Predicate<String> knownProvider;

    /**
     * @param knownProvider tells whether a client-supplied {@code actual_provider_name} is a provider id
     *                      of the detection catalog
     */
    public UsageEventValidator(Clock clock, Predicate<String> knownProvider) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.knownProvider = Objects.requireNonNull(knownProvider, "knownProvider");
    }

    /**
     * The outcome of validating one draft: exactly one of {@code event} and {@code problems} is set; {@code notes}
     * tell what was changed on the way in (a free-text field cut to its limit, with a visible marker).
     */
    public record Result(UsageEvent event, List<FieldProblem> problems, List<String> notes) {
        public Result(UsageEvent event, List<FieldProblem> problems) {
            this(event, problems, List.of());
        }

        public boolean valid() {
            return event != null;
        }
    }

    public Result validate(UsageEventDraft draft) {
        Checker c = new Checker(draft.fields());
        for (String field : draft.fields().keySet()) {
            if (!FIELDS.contains(field)) {
                c.problem(field, "unknown field; accepted fields are " + String.join(", ", FIELDS));
            }
        }
        String key = c.identifier("id", true, MAX_IDEMPOTENCY_KEY);
        String userId = c.identifier("user_id", true, MAX_USER_ID);
        String categoryName = c.string("provider", true, 1, 20);
        Category category = null;
        if (categoryName != null) {
            category = Category.fromWireName(categoryName).orElse(null);
            if (category == null) {
                c.problem("provider", "must be one of " + String.join(", ", Category.wireNames()));
            }
        }
        String model = c.identifier("model_used", true, MAX_MODEL);
        String endpoint = c.identifier("endpoint", true, MAX_ENDPOINT);
        String method = c.string("method", true, 1, 10);
        if (method != null && !HTTP_METHODS.contains(method)) {
            c.problem("method", "must be an upper-case HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS");
            method = null;
        }
        // Tokens and costs are optional: absent means unknown, never zero. An image call need not invent tokens, and
        // a call without a cost is priced from the catalog.
        Long tokensIn = c.bounded("tokens_input", MAX_TOKENS);
        Long tokensOut = c.bounded("tokens_output", MAX_TOKENS);
        Long tokensTotal = c.bounded("tokens_total", 2 * MAX_TOKENS);
        if (tokensIn != null && tokensOut != null && !c.judged("tokens_total")) {
            long sum = tokensIn + tokensOut;
            if (tokensTotal == null) {
                tokensTotal = sum;
            } else if (tokensTotal != sum) {
                c.problem("tokens_total", "must equal tokens_input + tokens_output (" + sum + ") when given");
            }
        }
        BigDecimal costIn = c.cost("cost_input", false);
        BigDecimal costOut = c.cost("cost_output", false);
        BigDecimal costTotal = c.cost("cost_total", false);
        if (c.judged("cost_input", "cost_output", "cost_total")) {
            // nothing more to say about costs that are already wrong
        } else if (costIn != null && costOut != null) {
            BigDecimal sum = costIn.add(costOut);
            if (costTotal == null) {
                costTotal = sum;
            } else if (costTotal.compareTo(sum) != 0) {
                c.problem("cost_total", "must equal cost_input + cost_output (" + sum.toPlainString() + ") when all three"
                        + " are given");
            }
        } else if (costIn != null || costOut != null) {
            // Half a cost is neither the client's figure nor unknown: say which half is missing.
            c.problem(costIn == null ? "cost_input" : "cost_output", "must be given with "
                    + (costIn == null ? "cost_output" : "cost_input") + " (or give cost_total alone, or no cost at all"
                    + " to have the call priced from the catalog)");
        }
        Units units = c.units();
        Double responseTime = c.responseTime();
        Integer statusCode = c.integer("status_code", true, 100, 599);
        Instant timestamp = c.timestamp(clock.instant());
        String billingPeriod = c.billingPeriod(timestamp);
        String errorMessage = c.freeText("error_message", TextRules.MAX_ERROR_MESSAGE_BYTES, Integer.MAX_VALUE);
        Integer retryCount = c.integer("retry_count", false, 0, MAX_RETRIES);
        Long requestSize = c.bounded("request_size", MAX_SIZE_BYTES);
        Long responseSize = c.bounded("response_size", MAX_SIZE_BYTES);
        String userAgent = c.freeText("user_agent", TextRules.MAX_USER_AGENT_BYTES, MAX_USER_AGENT);
        String ipAddress = c.identifier("ip_address", false, MAX_IP_ADDRESS);
        String actualProvider = c.identifier("actual_provider_name", false, MAX_PROVIDER_NAME);
        if (actualProvider != null && !knownProvider.test(actualProvider)) {
            c.problem("actual_provider_name", "must be a provider id of the catalog (see GET /api/providers)");
        }
        if (!c.problems.isEmpty()) {
            return new Result(null, List.copyOf(c.problems), List.of());
        }
        return new Result(new UsageEvent(key, userId, category, model, endpoint, method,
                new Tokens(tokensIn, tokensOut, tokensTotal), new Costs(costIn, costOut, costTotal), responseTime, statusCode,
                timestamp, billingPeriod, errorMessage, retryCount, requestSize, responseSize, userAgent,
                ipAddress, actualProvider, units), List.of(), List.copyOf(c.notes));
    }

    /** Reads fields one at a time, recording a problem and answering {@code null} for a bad value. */
    private static final class Checker {
        private final Map<String, Object> fields;
        private final List<FieldProblem> problems = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        Checker(Map<String, Object> fields) {
            this.fields = fields;
        }

        void problem(String field, String reason) {
            problems.add(new FieldProblem(field, reason));
        }

        /** Whether any of these fields already has a problem (so checks across them would only repeat it). */
        boolean judged(String... names) {
            for (FieldProblem p : problems) {
                for (String name : names) {
                    if (p.field().equals(name)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** The value, or {@code null} after recording "required" when a required field is absent or null. */
        private Object value(String field, boolean required) {
            Object value = fields.get(field);
            if (value == null && required) {
                problem(field, fields.containsKey(field) ? "is required and must not be null" : "is required");
            }
            return value;
        }

        /**
         * An identifier ({@link TextRules#identifierProblem}): valid Unicode, no control or format characters, not
         * blank, at most {@code max} characters, so what is stored and compared is exactly what was sent.
         */
        String identifier(String field, boolean required, int max) {
            Object value = value(field, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s)) {
                problem(field, "must be a string");
                return null;
            }
            String reason = TextRules.identifierProblem(s, max);
            if (reason != null) {
                problem(field, reason);
                return null;
            }
            return s;
        }

        /** A non-negative integer of at most {@code max}, or null when absent. */
        Long bounded(String field, long max) {
            Long n = nonNegativeLong(field, false);
            if (n != null && n > max) {
                problem(field, "must be <= " + max);
                return null;
            }
            return n;
        }

        /**
         * Free text: valid Unicode without NUL; longer than {@code maxBytes} of UTF-8 (or {@code maxCharacters}) it is
         * kept cut to the limit with a visible marker, and a note says so.
         */
        String freeText(String field, int maxBytes, int maxCharacters) {
            String s = string(field, false, 0, Integer.MAX_VALUE);
            if (s == null) {
                return null;
            }
            int bytes = TextRules.utf8Length(s);
            int characters = s.codePointCount(0, s.length());
            if (bytes <= maxBytes && characters <= maxCharacters) {
                return s;
            }
            String cut = TextRules.truncateUtf8(s, maxBytes);
            while (cut.codePointCount(0, cut.length()) > maxCharacters) {
                cut = TextRules.truncateUtf8(s, TextRules.utf8Length(cut) - 16);
            }
            notes.add(field + " was cut to " + TextRules.utf8Length(cut) + " bytes (" + bytes + " sent), marked at its end");
            return cut;
        }

        Units units() {
            Object value = fields.get("units");
            if (value == null) {
                if (fields.containsKey("units")) {
                    problem("units", "must not be null; omit it when the call has no units");
                }
                return Units.NONE;
            }
            if (!(value instanceof Map<?, ?> map)) {
                problem("units", "must be an object of unit names to quantities, e.g. {\"image\": 2}");
                return Units.NONE;
            }
            Map<String, Object> named = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> named.put(String.valueOf(k), v));
            Units.Parsed parsed = Units.parse(named);
            for (var p : parsed.problems()) {
                // A known unit is named by its path (units.image); an unknown name is not echoed back.
                String name = p.field().startsWith("units.") ? p.field().substring("units.".length()) : null;
                if (name != null && PriceUnit.fromWireName(name).isPresent()) {
                    problem(p.field(), p.reason());
                } else {
                    problem("units", name == null ? p.reason() : "holds an unknown unit; the units are "
                            + String.join(", ", PriceUnit.wireNames().stream()
                                    .filter(u -> PriceUnit.fromWireName(u).map(x -> !x.isToken()).orElse(false)).toList())
                            + " (tokens have their own fields)");
                }
            }
            return parsed.valid() ? parsed.units() : Units.NONE;
        }

        String string(String field, boolean required, int min, int max) {
            Object value = value(field, required);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s)) {
                problem(field, "must be a string");
                return null;
            }
            int length = s.codePointCount(0, s.length());
            if (length < min) {
                problem(field, min == 1 ? "must not be empty" : "must have at least " + min + " characters");
                return null;
            }
            if (length > max) {
                problem(field, "must have at most " + max + " characters, has " + length);
                return null;
            }
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '\u0000') {
                    problem(field, "must not contain NUL characters");
                    return null;
                }
                if (Character.isSurrogate(ch)) {
                    boolean paired = Character.isHighSurrogate(ch) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (!paired) {
                        problem(field, "must be valid Unicode (unpaired surrogate at index " + i + ")");
                        return null;
                    }
                    i++;
                }
            }
            return s;
        }

        /** An integral JSON number, or {@code null} after recording why not. */
        private BigInteger integral(String field, Object value) {
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                return BigInteger.valueOf(((Number) value).longValue());
            }
            if (value instanceof BigInteger b) {
                return b;
            }
            if (value instanceof BigDecimal d) {
                // 1e99999999 and 1e-99999999 are short JSON numbers, but toBigIntegerExact builds 10^99999999
                // for them, minutes of CPU. Judge the magnitude and the fraction from precision and scale first.
                if (d.signum() == 0) {
                    return BigInteger.ZERO;
                }
                if ((long) d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
                    return d.signum() > 0 ? OUT_OF_RANGE : OUT_OF_RANGE.negate(); // beyond every range checked here
                }
                BigDecimal stripped = d.stripTrailingZeros();
                if (stripped.scale() > 0) {
                    problem(field, "must be an integer");
                    return null;
                }
                return stripped.toBigIntegerExact();
            }
            problem(field, "must be an integer (a JSON number)");
            return null;
        }

        Long nonNegativeLong(String field, boolean required) {
            Object value = value(field, required);
            if (value == null) {
                return null;
            }
            BigInteger n = integral(field, value);
            if (n == null) {
                return null;
            }
            if (n.signum() < 0) {
                problem(field, "must be >= 0");
                return null;
            }
            if (n.bitLength() > 62) {
                problem(field, "must be <= " + ((1L << 62) - 1));
                return null;
            }
            return n.longValue();
        }

        Integer integer(String field, boolean required, int min, int max) {
            Object value = value(field, required);
            if (value == null) {
                return null;
            }
            BigInteger n = integral(field, value);
            if (n == null) {
                return null;
            }
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                problem(field, max == Integer.MAX_VALUE ? "must be >= " + min : "must be between " + min + " and " + max);
                return null;
            }
            return n.intValue();
        }

        BigDecimal cost(String field, boolean required) {
            Object value = value(field, required);
            if (value == null) {
                return null;
            }
            BigDecimal cost;
            if (value instanceof BigDecimal d) {
                cost = d;
            } else if (value instanceof BigInteger b) {
                cost = new BigDecimal(b);
            } else if (value instanceof Integer || value instanceof Long) {
                cost = BigDecimal.valueOf(((Number) value).longValue());
            } else if (value instanceof String s) {
                String trimmed = s.startsWith("-") ? s.substring(1) : s;
                if (!DECIMAL_STRING.matcher(trimmed).matches()) {
                    problem(field, "must be a JSON number or a decimal string such as \"0.0125\"");
                    return null;
                }
                cost = new BigDecimal(s);
            } else {
                problem(field, "must be a JSON number or a decimal string such as \"0.0125\"");
                return null;
            }
            if (cost.signum() < 0) {
                problem(field, "must be >= 0");
                return null;
            }
            if (cost.compareTo(COST_LIMIT) >= 0) {
                problem(field, "must be less than " + COST_LIMIT.toPlainString());
                return null;
            }
            BigDecimal exact = cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
            if (exact.scale() > MAX_COST_SCALE) {
                problem(field, "must have at most " + MAX_COST_SCALE + " decimal places");
                return null;
            }
            return exact.scale() < 0 ? exact.setScale(0) : exact;
        }

        Double responseTime() {
            Object value = value("response_time", true);
            if (value == null) {
                return null;
            }
            if (!(value instanceof Number n)) {
                problem("response_time", "must be a JSON number of seconds");
                return null;
            }
            double seconds = n instanceof BigDecimal d ? d.doubleValue() : n.doubleValue();
            if (!Double.isFinite(seconds)) {
                problem("response_time", "must be a finite number of seconds");
                return null;
            }
            if (Double.compare(seconds, 0.0) < 0) { // also -0.0, what a tiny negative such as -1e-400 becomes
                problem("response_time", "must be >= 0");
                return null;
            }
            if (seconds > MAX_RESPONSE_SECONDS) {
                problem("response_time", "must be at most " + (long) MAX_RESPONSE_SECONDS + " seconds (a day)");
                return null;
            }
            return seconds;
        }

        Instant timestamp(Instant now) {
            Object value = value("timestamp", true);
            if (value == null) {
                return null;
            }
            if (!(value instanceof String s)) {
                problem("timestamp", "must be an ISO-8601 string with a zone, e.g. 2026-11-28T10:15:30Z");
                return null;
            }
            Instant instant;
            try {
                instant = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                problem("timestamp", "must be an ISO-8601 date-time with a zone offset, e.g. 2026-11-28T10:15:30Z");
                return null;
            }
            if (instant.isAfter(now.plus(MAX_FUTURE_SKEW))) {
                problem("timestamp", "must not be more than 5 minutes in the future");
                return null;
            }
            if (instant.isBefore(EARLIEST_TIMESTAMP)) {
                problem("timestamp", "must not be before 2000-01-01T00:00:00Z");
                return null;
            }
            return instant;
        }

        String billingPeriod(Instant timestamp) {
            String expected = timestamp == null ? null : YearMonth.from(timestamp.atOffset(ZoneOffset.UTC)).toString();
            Object value = value("billing_period", false);
            if (value == null) {
                if (fields.containsKey("billing_period")) {
                    problem("billing_period", "must not be null; omit it to use the timestamp's month");
                }
                return expected;
            }
            if (!(value instanceof String s) || !BILLING_PERIOD.matcher(s).matches()) {
                problem("billing_period", "must be YYYY-MM");
                return null;
            }
            if (expected != null && !expected.equals(s)) {
                problem("billing_period", "must equal the timestamp's month in UTC (" + expected + ") when given");
                return null;
            }
            return s;
        }
    }
}
