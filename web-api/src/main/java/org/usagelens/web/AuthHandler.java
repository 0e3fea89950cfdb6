package org.usagelens.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /api/auth/config} tells the dashboard how to sign in; {@code POST /api/auth/demo-token}
 * signs in as the demo user, only while demo mode is on.
 */
public final class AuthHandler {
    private final Optional<DemoMode> demo;

    public AuthHandler(Optional<DemoMode> demo) {
        this.demo = demo;
    }

    public void config(Context ctx) {
        ctx.json(new AuthConfigResponse(demo.isPresent(), demo.map(DemoMode::demoUser).orElse(null)));
    }

    public void demoToken(Context ctx) {
        DemoMode mode = demo.orElseThrow(() -> new ApiError(404, null,
                "demo mode is off on this server; sign in with a bearer token"));
        DemoMode.IssuedToken token = mode.issue();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new DemoTokenResponse(token.token(), token.userId(), token.expiresAt()));
    }

    /** Whether demo mode is on, and its user. */
    public record AuthConfigResponse(boolean demoMode, String demoUser) {
    }

    /** A demo sign-in. */
    public record DemoTokenResponse(String token, String userId, Instant expiresAt) {
    }
}
