package org.usagelens.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-origin access for the pages of the origins a deployment lists ({@code USAGELENS_CORS_ORIGINS}), such as the
 * original system's dashboard on another host: their preflights are answered, their requests get
 * {@code Access-Control-Allow-Origin} with their own origin (never {@code *}, because the bearer token is a
 * credential), and every response says it varies by {@code Origin}. An origin not listed gets no CORS header at
 * all, so the browser keeps its page out.
 */
final class Cors {
    static final Set<String> ALLOWED_METHODS = Set.of("GET", "HEAD", "POST");
    static final Set<String> ALLOWED_HEADERS = Set.of("authorization", "content-type", "x-api-key", "cache-control",
            "pragma", "accept", "accept-language", "content-language");
    /** Response headers the pages may read. */
    static final String EXPOSED_HEADERS = "Cache-Status, Retry-After, Content-Disposition, UsageLens-Ignored-Parameters";
    static final int MAX_AGE_SECONDS = 600;

    private final Set<String> origins;

    Cors(List<String> origins) {
        this.origins = Set.copyOf(origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
    }

    boolean enabled() {
        return !origins.isEmpty();
    }

    private boolean allowed(String origin) {
        return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT));
    }

    /** Before every request: the CORS headers of an allowed origin's request. */
    void decorate(Context ctx) {
        if (!enabled()) {
            return;
        }
        ctx.header("Vary", "Origin");
        String origin = ctx.header("Origin");
        if (allowed(origin) && !isPreflight(ctx)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Access-Control-Allow-Credentials", "true");
            ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    static boolean isPreflight(Context ctx) {
        return "OPTIONS".equals(ctx.method().name()) && ctx.header("Access-Control-Request-Method") != null;
    }

    /** {@code OPTIONS} on any path: a preflight of an allowed origin asking for what the API allows gets 204. */
    void preflight(Context ctx) {
        String origin = ctx.header("Origin");
        ctx.header("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        if (!isPreflight(ctx)) {
            ctx.header("Allow", "GET, HEAD, POST, OPTIONS");
            ctx.status(204);
            return;
        }
        if (!allowed(origin)) {
            throw new ApiError(403, "Origin", "cross-origin requests from this origin are not allowed"
                    + (enabled() ? "" : "; this server allows none (USAGELENS_CORS_ORIGINS)"));
        }
        String method = ctx.header("Access-Control-Request-Method").trim().toUpperCase(Locale.ROOT);
        if (!ALLOWED_METHODS.contains(method)) {
            throw new ApiError(403, "Access-Control-Request-Method", "cross-origin " + QueryParams.abbreviate(method)
                    + " requests are not allowed; allowed: GET, HEAD, POST");
        }
        String requested = ctx.header("Access-Control-Request-Headers");
        if (requested != null) {
            for (String header : requested.split(",")) {
                String name = header.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !ALLOWED_HEADERS.contains(name)) {
                    throw new ApiError(403, "Access-Control-Request-Headers", "cross-origin requests may not send the header "
                            + QueryParams.abbreviate(name) + "; allowed: " + String.join(", ", ALLOWED_HEADERS.stream().sorted().toList()));
                }
            }
        }
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Allow-Credentials", "true");
        ctx.header("Access-Control-Allow-Methods", "GET, HEAD, POST");
        ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Api-Key, Cache-Control, Pragma");
        ctx.header("Access-Control-Max-Age", String.valueOf(MAX_AGE_SECONDS));
        ctx.status(204);
    }
}
