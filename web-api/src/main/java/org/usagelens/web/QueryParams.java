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

    private final Context ctx;

    QueryParams(Context ctx, Set<String> accepted) {
        this.ctx = ctx;
        for (String name : ctx.queryParamMap().keySet()) {
            if (name.isEmpty()) {
                continue; // "?a=1&" carries an empty pair; it names nothing
            }
            if (!accepted.contains(name)) {
                throw ApiError.badRequest(name, "unknown parameter '" + abbreviate(name) + "'; accepted: "
                        + String.join(", ", accepted.stream().sorted().toList()));
            }
            List<String> values = ctx.queryParams(name);
            if (values.size() > 1) {
                throw ApiError.badRequest(name, name + " may be given once");
            }
        }
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
                return YearMonth.parse(value).toString();
            }
        } catch (DateTimeException ignored) {
            // reported below
        }
        throw ApiError.badRequest(name, name + " must be a month as YYYY-MM, e.g. 2026-11");
    }

    /** An ISO-8601 date-time with a zone, or a date (midnight UTC). */
    Instant instant(String name) {
        String value = string(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notDateTime) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeException notDate) {
                throw ApiError.badRequest(name, name + " must be an ISO-8601 date-time with a zone (2026-11-01T00:00:00Z) or a date (2026-11-01)");
            }
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
