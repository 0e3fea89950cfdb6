package org.usagelens.detection;

/** How a rule's patterns are compared with its input; each kind belongs to one precedence step. */
enum MatchKind {
    /** The trimmed category equals a pattern ({@code -} meaning no category, DEFAULT rules only). */
    IS("is", 0),
    /** The endpoint's URL host ends with a pattern on a label boundary; a label may hold one {@code *}. */
    HOST("host", 200),
    /** A token of the endpoint's path equals a pattern. */
    PATH("path", 100),
    /** The model id starts with a pattern (routing prefixes, vendor-hosted id forms). */
    STARTS("starts", 300),
    /** The model id has the router form {@code org/model:suffix} and its suffix equals a pattern. */
    SUFFIX("suffix", 250),
    /** A token (or run of consecutive tokens) of the model id equals a pattern. */
    TOKEN("token", 100);

    /** Category-scoped token rules outrank unscoped ones: what a media category runs is more specific. */
    static final int SCOPED_TOKEN_PRIORITY = 150;

    private final String keyword;
    private final int defaultPriority;

    MatchKind(String keyword, int defaultPriority) {
        this.keyword = keyword;
        this.defaultPriority = defaultPriority;
    }

    String keyword() {
        return keyword;
    }

    int defaultPriority(boolean scoped) {
        return this == TOKEN && scoped ? SCOPED_TOKEN_PRIORITY : defaultPriority;
    }

    boolean validFor(DetectionSource source) {
        return switch (source) {
            case CATEGORY, DEFAULT -> this == IS;
            case ENDPOINT -> this == HOST || this == PATH;
            case MODEL -> this == STARTS || this == SUFFIX || this == TOKEN;
            case HINT, UNKNOWN -> false;
        };
    }

    static MatchKind byKeyword(String keyword) {
        for (MatchKind m : values()) {
            if (m.keyword.equals(keyword)) {
                return m;
            }
        }
        return null;
    }

    static String keywordsFor(DetectionSource source) {
        StringBuilder sb = new StringBuilder();
        for (MatchKind m : values()) {
            if (m.validFor(source)) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(m.keyword);
            }
        }
        return sb.toString();
    }
}
