package org.usagelens.web;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client (one remote address) may hold of the server, and how fast a request must arrive, so that no
 * client can hold the worker threads: see {@link ClientConnections} (connections, request heads) and
 * {@link BodyLoader} (request bodies).
 *
 * @param maxConnectionsPerClient open connections per remote address; more are closed as they open (0: no limit)
 * @param maxRequestsPerClient    requests of one remote address handled at once; more wait, holding no thread
 *                                (0: no limit)
 * @param headerTimeout           longest a request head may take to arrive
 * @param bodyTimeout             longest a whole request body may take to arrive, counted from its head
 * @param bodyMinRate             bytes per second a body must average since its head, from its first
 *                                {@link BodyLoader#GRACE} on (0: no minimum)
 */
public record HttpLimits(int maxConnectionsPerClient, int maxRequestsPerClient, Duration headerTimeout,
                         Duration bodyTimeout, int bodyMinRate) {

    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;
    public static final int DEFAULT_MAX_REQUESTS_PER_CLIENT = 32;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_BODY_MIN_RATE = 1024;

    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
            DEFAULT_MAX_REQUESTS_PER_CLIENT, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_BODY_MIN_RATE);

    public HttpLimits {
        if (maxConnectionsPerClient < 0 || maxRequestsPerClient < 0 || bodyMinRate < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    public HttpLimits withHeaderTimeout(Duration timeout) {
        return new HttpLimits(maxConnectionsPerClient, maxRequestsPerClient, timeout, bodyTimeout, bodyMinRate);
    }

    public HttpLimits withBodyTimeout(Duration timeout) {
        return new HttpLimits(maxConnectionsPerClient, maxRequestsPerClient, headerTimeout, timeout, bodyMinRate);
    }

    public HttpLimits withMaxConnectionsPerClient(int max) {
        return new HttpLimits(max, maxRequestsPerClient, headerTimeout, bodyTimeout, bodyMinRate);
    }

    public HttpLimits withMaxRequestsPerClient(int max) {
        return new HttpLimits(maxConnectionsPerClient, max, headerTimeout, bodyTimeout, bodyMinRate);
    }
}
