package org.usagelens.web;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code GET /api/auth/config} tells the dashboard how to sign in; {@code POST /api/auth/demo-token}
 * signs in as the demo user, only while demo mode is on.
 */
final class AuthHandler {
    private final Optional<DemoMode> demo;
    private final Clock clock;

    public AuthHandler(Optional<DemoMode> demo, Clock clock) {
        this.demo = demo;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    public void config(Context ctx) {
        ctx.json(new AuthConfigResponse(demo.isPresent(), demo.map(DemoMode::demoUser).orElse(null), clock.instant()));
    }

    public void demoToken(Context ctx) {
        DemoMode mode = demo.orElseThrow(() -> new ApiError(404, null,
                "demo mode is off on this server; sign in with a bearer token"));
        DemoMode.IssuedToken token = mode.issue();
        ctx.header("Cache-Control", "no-store");
        ctx.json(new DemoTokenResponse(token.token(), token.userId(), token.expiresAt()));
    }

    /**
     * Whether demo mode is on, and its user; and the server's current time, which the dashboard's relative
     * windows ("last 30 days") are computed from, so that they agree with the server whatever the browser's clock says.
     */
    public record AuthConfigResponse(boolean demoMode, String demoUser, Instant serverTime) {
    }

    /** A demo sign-in. */
    public record DemoTokenResponse(String token, String userId, Instant expiresAt) {
    }
}
