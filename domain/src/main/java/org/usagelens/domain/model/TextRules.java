package org.usagelens.domain.model;

import java.nio.charset.StandardCharsets;

/**
 * The rules for text wherever it enters (event fields, token claims, query parameters, OTLP attributes), so that
 * what is compared is exactly what the database stores. PostgreSQL keeps UTF-8 text and rejects NUL; the JDBC
 * driver turns an unpaired UTF-16 surrogate into '?'. So an identifier holds valid Unicode scalar values only, no
 * control or separator characters, is not blank, and fits its column; free text holds valid Unicode without NUL and
 * fits its size limit in UTF-8 bytes.
 */
public final class TextRules {
    /** The longest user id: the {@code user_id} column's size, in characters. */
    public static final int MAX_USER_ID = 100;
    /** The longest error message kept, in UTF-8 bytes; longer ones are cut with {@link #TRUNCATION_MARKER}. */
    public static final int MAX_ERROR_MESSAGE_BYTES = 8 * 1024;
    /** The longest user agent kept, in UTF-8 bytes (and at most its column's 500 characters). */
    public static final int MAX_USER_AGENT_BYTES = 1024;
    /** Appended to a free-text value that was cut to its limit, with the original size. */
    public static final String TRUNCATION_MARKER = "… [truncated by UsageLens: %d bytes in all]";

    private TextRules() {
    }

    /**
     * Why {@code value} is not an acceptable identifier of at most {@code maxCharacters} characters, or {@code null}
     * when it is. The reason reads after the field's name: "user_id must not be blank".
     */
    public static String identifierProblem(String value, int maxCharacters) {
        if (value == null) {
            return "is required";
        }
        String problem = unicodeProblem(value, true);
        if (problem != null) {
            return problem;
        }
        if (value.isEmpty()) {
            return "must not be empty";
        }
        if (value.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
            return "must not be blank";
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxCharacters) {
            return "must have at most " + maxCharacters + " characters, has " + length;
        }
        return null;
    }

    /** Whether {@code value} is an acceptable identifier of at most {@code maxCharacters} characters. */
    public static boolean isIdentifier(String value, int maxCharacters) {
        return identifierProblem(value, maxCharacters) == null;
    }

    /**
     * Why free text is not storable as it is (an unpaired surrogate, a NUL), or {@code null}; line breaks and tabs
     * are fine in free text.
     */
    public static String freeTextProblem(String value) {
        return value == null ? null : unicodeProblem(value, false);
    }

    /**
     * {@code value} within {@code maxBytes} of UTF-8: unchanged when it fits, else its longest prefix that fits
     * together with the truncation marker (never cutting a character in two).
     */
    public static String truncateUtf8(String value, int maxBytes) {
        if (value == null) {
            return null;
        }
        return truncateUtf8(value, maxBytes, value.getBytes(StandardCharsets.UTF_8).length);
    }

    /**
     * {@code value}, a prefix of a text of {@code originalBytes} UTF-8 bytes (a store may read only the start of a
     * long text), within {@code maxBytes}: unchanged when the original fits, else cut with the marker naming the
     * original's size.
     */
    public static String truncateUtf8(String value, int maxBytes, long originalBytes) {
        if (value == null) {
            return null;
        }
        if (originalBytes <= maxBytes && utf8Length(value) <= maxBytes) {
            return value;
        }
        String marker = String.format(java.util.Locale.ROOT, TRUNCATION_MARKER, Math.max(originalBytes, utf8Length(value)));
        int budget = maxBytes - marker.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + size > budget) {
                break;
            }
            kept.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return kept.append(marker).toString();
    }

    /** Size of text in UTF-8 bytes, without encoding it. */
    public static int utf8Length(String value) {
        int bytes = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return bytes;
    }

    private static String unicodeProblem(String value, boolean identifier) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode (unpaired surrogate at index " + i + ")";
            }
            if (ch == '\u0000') {
                return "must not contain NUL characters";
            }
            if (identifier) {
                int type = Character.getType(ch);
                if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                        || type == Character.FORMAT) {
                    return "must not contain control or format characters (U+" + String.format("%04X", (int) ch)
                            + " at index " + i + ")";
                }
            }
        }
        return null;
    }
}
