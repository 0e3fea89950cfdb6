package org.usagelens.detection;

/**
 * Case folding, separators and hashing shared by rule compilation and matching, so that both sides agree on every
 * character without allocating while detecting.
 */
final class Text {

    private static final char[] ASCII_LOWER = new char[128];
    private static final boolean[] ASCII_SEPARATOR = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_LOWER[c] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
            // Control characters count as spaces: they never belong to a meaningful token.
            ASCII_SEPARATOR[c] = c <= ' ' || c == '/' || c == '-' || c == '_' || c == '.' || c == ':' || c == '@'
                    || c == 127;
        }
    }

    private Text() {
    }

    /** Locale-independent, one char to one char, so folded indexes stay aligned with the input. */
    static char fold(char c) {
        return c < 128 ? ASCII_LOWER[c] : Character.toLowerCase(c);
    }

    static String fold(String s) {
        char[] out = new char[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fold(s.charAt(i));
        }
        return new String(out);
    }

    /** Token separators of model ids and paths: {@code / - _ . : @} and white space. */
    static boolean isSeparator(char c) {
        return c < 128 ? ASCII_SEPARATOR[c] : isSpace(c);
    }

    static boolean isSpace(char c) {
        return c <= ' ' || c == 127 || (c >= 128 && (Character.isWhitespace(c) || Character.isSpaceChar(c)));
    }

    static int trimStart(char[] a, int from, int to) {
        int i = from;
        while (i < to && isSpace(a[i])) {
            i++;
        }
        return i;
    }

    static int trimEnd(char[] a, int from, int to) {
        int e = to;
        while (e > from && isSpace(a[e - 1])) {
            e--;
        }
        return e;
    }

    /**
     * Whether {@code a[from, to)} starts with {@code folded} once folded. Keys are char arrays because
     * {@code String.charAt} re-checks the index and coder on every call, which showed up as the hottest line.
     */
    static boolean regionEquals(char[] a, int from, int to, char[] folded) {
        int n = folded.length;
        if (to - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (fold(a[from + i]) != folded[i]) {
                return false;
            }
        }
        return true;
    }

    /** Quotes a value for messages, cutting very long inputs so explanations stay readable. */
    static String quote(String s) {
        if (s == null) {
            return "(none)";
        }
        String shown = s.length() > 120 ? s.substring(0, 117) + "..." : s;
        return "'" + shown + "'";
    }
}
