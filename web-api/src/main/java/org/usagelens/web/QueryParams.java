package org.usagelens.web;

import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads query parameters strictly: a bad value is a 400 naming the parameter and what it accepts. */
final class QueryParams {
    private static final Pattern BILLING_PERIOD = Pattern.compile("\\d{4}-\\d{2}");

    /**
     * The instants a query may name (from, to): 1970-01-01 up to the end of 9999. PostgreSQL's timestamptz holds 4713
     * BC to 294276 AD, Java's Instant far more; outside this range a query answered nothing, or failed in SQL with a
     * 500, so it is a 400 naming the parameter instead.
     */
    static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    static final String INSTANT_RANGE = "1970-01-01 and 9999-12-31";

    /** The response header that names the parameters a lenient endpoint ignored. */
    static final String IGNORED_HEADER = "UsageLens-Ignored-Parameters";

    private final Context ctx;

    /** Strict: an unknown parameter is a 400 naming it. */
    QueryParams(Context ctx, Set<String> accepted) {
        this(ctx, accepted, false);
    }

    /**
     * Lenient, for the endpoints the original system's clients call (which ignored unknown parameters, such as a
     * cache-busting {@code _t}): unknown parameters are ignored and named in {@link #IGNORED_HEADER}, so a typo stays
     * visible.
     */
    static QueryParams ignoringUnknown(Context ctx, Set<String> accepted) {
        return new QueryParams(ctx, accepted, true);
    }

    private QueryParams(Context ctx, Set<String> accepted, boolean lenient) {
        this.ctx = ctx;
        List<String> ignored = new java.util.ArrayList<>();
        for (String name : ctx.queryParamMap().keySet()) {
            if (name.isEmpty()) {
                continue; // "?a=1&" carries an empty pair; it names nothing
            }
            if (!accepted.contains(name)) {
                if (lenient) {
                    ignored.add(headerSafe(name));
                    continue;
                }
                throw ApiError.badRequest(name, "unknown parameter '" + abbreviate(name) + "'; accepted: "
                        + String.join(", ", accepted.stream().sorted().toList()));
            }
            List<String> values = ctx.queryParams(name);
            if (values.size() > 1) {
                throw ApiError.badRequest(name, name + " may be given once");
            }
        }
        if (!ignored.isEmpty()) {
            ctx.header(IGNORED_HEADER, String.join(", ", ignored.stream().distinct().limit(20).toList()));
        }
    }

    /** A parameter name as it can be echoed in a header: printable ASCII, at most 64 characters. */
    private static String headerSafe(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(64).forEach(cp -> b.append(cp >= 0x21 && cp < 0x7f && cp != ',' ? (char) cp : '?'));
        return b.toString();
    }

    String string(String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    int integer(String name, int min, int max, int defaultValue) {
        String value = string(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the accepted range
        }
        throw ApiError.badRequest(name, name + " must be an integer from " + min + " to " + max);
    }

    Integer optionalInteger(String name, int min, int max) {
        return string(name) == null ? null : integer(name, min, max, 0);
    }

    String billingPeriod(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            if (BILLING_PERIOD.matcher(value).matches()) {
                YearMonth month = YearMonth.parse(value);
                if (month.getYear() >= 1970) {
                    return month.toString();
                }
            }
        } catch (DateTimeException ignored) {
            // reported below
        }
        throw ApiError.badRequest(name, name + " must be a month as YYYY-MM from 1970-01 to 9999-12, e.g. 2026-11");
    }

    /** An ISO-8601 date-time with a zone, or a date (midnight UTC), between {@link #EARLIEST} and {@link #LATEST}. */
    Instant instant(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notDateTime) {
            try {
                instant = LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException notDate) {
                throw ApiError.badRequest(name, name + " must be an ISO-8601 date-time with a zone (2026-11-01T00:00:00Z) or a date (2026-11-01)");
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiError.badRequest(name, name + " must be between " + INSTANT_RANGE);
        }
        return instant;
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
