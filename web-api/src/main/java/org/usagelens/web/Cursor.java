package org.usagelens.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.usagelens.domain.model.Keyset;

/** The opaque {@code cursor} of keyset pagination: the timestamp and id of the last row of a page. */
final class Cursor {
    private static final String VERSION = "v1";

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
            Instant t = Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            return new Keyset(t, Long.parseLong(parts[3]));
        } catch (RuntimeException e) {
            throw ApiError.badRequest("cursor", "cursor must be a next_cursor value returned by this endpoint");
        }
    }
}
