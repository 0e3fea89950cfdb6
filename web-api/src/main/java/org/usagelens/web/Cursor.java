package org.usagelens.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.usagelens.domain.model.Keyset;

/** The opaque {@code cursor} of keyset pagination: the timestamp and id of the last row of a page. */
final class Cursor {
    private static final String VERSION = "v1";
    /**
     * The timestamps a cursor may carry: years 1 to 9999, which PostgreSQL holds (4713 BC to 294276 AD) and no stored
     * row lies outside of. A cursor is opaque, but anyone may re-encode one: a year of 300,000 or -5000 used to reach
     * SQL and fail there with a 500.
     */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Cursor() {
    }

    static String encode(Keyset keyset) {
        if (keyset == null) {
            return null;
        }
        Instant t = keyset.timestamp();
        String raw = VERSION + ":" + t.getEpochSecond() + ":" + t.getNano() + ":" + keyset.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    static Keyset decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            String[] parts = raw.split(":");
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("wrong shape");
            }
            long nanos = Long.parseLong(parts[2]);
            long id = Long.parseLong(parts[3]);
            Instant t = Instant.ofEpochSecond(Long.parseLong(parts[1]), nanos);
            // Every field in the range this endpoint writes: nanos of a second, a stored row's id and timestamp.
            if (nanos < 0 || nanos > 999_999_999 || id < 1 || t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
                throw new IllegalArgumentException("out of range");
            }
            return new Keyset(t, id);
        } catch (RuntimeException e) {
            throw ApiError.badRequest("cursor", "cursor must be a next_cursor value returned by this endpoint");
        }
    }
}
