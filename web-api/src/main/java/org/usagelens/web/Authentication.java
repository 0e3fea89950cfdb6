package org.usagelens.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import org.usagelens.domain.model.TextRules;

/**
 * Authenticates {@code /api/subscription} requests with a bearer JWT and decides whose data a request
 * may read: its own, or, for an admin, the user named by {@code user_id}.
 */
final class Authentication {

    private final List<TokenVerifier> verifiers;
    private final String notConfiguredReason;

    /** @param verifiers tried in order; empty when no JWT setting is given and demo mode is off */
    public Authentication(List<TokenVerifier> verifiers) {
        this.verifiers = List.copyOf(Objects.requireNonNull(verifiers, "verifiers"));
        this.notConfiguredReason = "no JWT verification is configured on this server: set USAGELENS_JWT_JWKS_URL,"
                + " USAGELENS_JWT_SECRET or USAGELENS_JWT_PUBLIC_KEY";
    }

    public Principal principal(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw ApiError.unauthorized("missing Authorization: Bearer <token> header");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiError.unauthorized("the Authorization header must be Bearer <token>");
        }
        if (verifiers.isEmpty()) {
            throw ApiError.unauthorized(notConfiguredReason);
        }
        String token = header.substring(7).trim();
        TokenVerifier.Refusal refusal = null;
        for (TokenVerifier verifier : verifiers) {
            TokenVerifier.Outcome outcome = verifier.verify(token);
            if (outcome.accepted()) {
                return outcome.principal();
            }
            // A verifier whose key signed the token knows best what is wrong with it.
            if (refusal == null || (outcome.refusal().signatureValid() && !refusal.signatureValid())) {
                refusal = outcome.refusal();
            }
        }
        throw ApiError.unauthorized(refusal.reason());
    }

    /**
     * The user whose data the request reads: the caller, or the {@code user_id} parameter when the
     * caller is an admin.
     *
     * @throws ApiError 403 when a non-admin names another user
     */
    public String targetUser(Context ctx) {
        Principal principal = principal(ctx);
        String requested = ctx.queryParam("user_id");
        if (requested == null || requested.isEmpty() || requested.equals(principal.userId())) {
            return principal.userId();
        }
        if (!principal.admin()) {
            throw ApiError.forbidden("only an admin token may read another user's data (user_id)");
        }
        String problem = TextRules.identifierProblem(requested, TextRules.MAX_USER_ID);
        if (problem != null) {
            throw ApiError.badRequest("user_id", "user_id " + problem);
        }
        return requested;
    }
}
