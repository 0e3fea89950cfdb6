package org.usagelens.web;

import io.javalin.http.Context;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Who may read {@code /metrics}, which shows per-provider volumes and the server's internals: with
 * {@code USAGELENS_METRICS_TOKEN} set, whoever sends it as a bearer token (compared in constant time, as a digest, so
 * neither its content nor its length leaks); without it, outside demo mode, clients on this machine only (the
 * connection's own address, never a forwarded header); in demo mode, which hands out sign-ins to anyone anyway,
 * everyone.
 */
final class MetricsAccess {
    private final byte[] tokenDigest;
    private final boolean demoMode;

    /** @param token the bearer token /metrics requires, or {@code null} */
    public MetricsAccess(String token, boolean demoMode) {
        this.tokenDigest = token == null ? null : digest(token);
        this.demoMode = demoMode;
    }

    /** @throws ApiError 401 without the configured token, 403 for a client elsewhere when none is configured */
    void check(Context ctx) {
        if (tokenDigest != null) {
            String header = ctx.header("Authorization");
            boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
            if (!bearer || !MessageDigest.isEqual(tokenDigest, digest(header.substring(7).trim()))) {
                throw ApiError.unauthorized("GET /metrics needs Authorization: Bearer <the USAGELENS_METRICS_TOKEN>");
            }
            return;
        }
        if (!demoMode && !fromThisMachine(ctx)) {
            throw ApiError.forbidden("GET /metrics answers only clients on this machine; set USAGELENS_METRICS_TOKEN"
                    + " to let a scraper elsewhere in with it");
        }
    }

    private static boolean fromThisMachine(Context ctx) {
        SocketAddress remote = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData()
                .getRemoteSocketAddress();
        return remote instanceof InetSocketAddress address && address.getAddress() != null
                && address.getAddress().isLoopbackAddress();
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
