package org.usagelens.web;

import io.javalin.http.Context;
import java.util.Objects;
import org.usagelens.domain.port.in.CheckHealthUseCase;
import org.usagelens.domain.port.out.StoreHealth;

/** {@code GET /health}: 200 when the database answers, 503 when it does not. */
final class HealthHandler {
    private final CheckHealthUseCase health;

    public HealthHandler(CheckHealthUseCase health) {
        this.health = Objects.requireNonNull(health, "health");
    }

    public void get(Context ctx) {
        StoreHealth.Status status = health.check();
        ctx.status(status.up() ? 200 : 503).json(new HealthResponse(status.up() ? "up" : "down", status.up() ? "up" : "down"));
    }

    /** {@code {"status":"up","database":"up"}}. */
    public record HealthResponse(String status, String database) {
    }
}
