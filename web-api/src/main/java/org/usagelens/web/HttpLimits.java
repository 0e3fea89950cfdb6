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
 * @param maxApiRequests          requests of all clients handled at once, /health excepted, so that worker threads
 *                                stay free for /health however busy the API is; more wait, holding no thread
 * @param apiQueueTimeout         how long a request waits for one of those places before it gets a 503
 */
public record HttpLimits(int maxConnectionsPerClient, int maxRequestsPerClient, Duration headerTimeout,
                         Duration bodyTimeout, int bodyMinRate, int maxApiRequests, Duration apiQueueTimeout) {

    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 64;
    public static final int DEFAULT_MAX_REQUESTS_PER_CLIENT = 32;
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_BODY_MIN_RATE = 1024;
    /** Of the server's 250 worker threads ({@link WebApp#WORKER_THREADS}), the API may use 200. */
    public static final int DEFAULT_MAX_API_REQUESTS = 200;
    public static final Duration DEFAULT_API_QUEUE_TIMEOUT = Duration.ofSeconds(10);

    public static final HttpLimits DEFAULTS = new HttpLimits(DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
            DEFAULT_MAX_REQUESTS_PER_CLIENT, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_BODY_MIN_RATE,
            DEFAULT_MAX_API_REQUESTS, DEFAULT_API_QUEUE_TIMEOUT);

    /** The limits with the shipped API concurrency and queue timeout. */
    public HttpLimits(int maxConnectionsPerClient, int maxRequestsPerClient, Duration headerTimeout,
                      Duration bodyTimeout, int bodyMinRate) {
        this(maxConnectionsPerClient, maxRequestsPerClient, headerTimeout, bodyTimeout, bodyMinRate,
                DEFAULT_MAX_API_REQUESTS, DEFAULT_API_QUEUE_TIMEOUT);
    }

    public HttpLimits {
        if (maxConnectionsPerClient < 0 || maxRequestsPerClient < 0 || bodyMinRate < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (maxApiRequests < 1 || maxApiRequests >= WebApp.WORKER_THREADS) {
            throw new IllegalArgumentException("maxApiRequests must leave worker threads free: 1 to "
                    + (WebApp.WORKER_THREADS - 1));
        }
        for (Duration d : new Duration[] {headerTimeout, bodyTimeout, apiQueueTimeout}) {
            if (Objects.requireNonNull(d, "timeout").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    public HttpLimits withHeaderTimeout(Duration timeout) {
        return new HttpLimits(maxConnectionsPerClient, maxRequestsPerClient, timeout, bodyTimeout, bodyMinRate,
                maxApiRequests, apiQueueTimeout);
    }

    public HttpLimits withBodyTimeout(Duration timeout) {
        return new HttpLimits(maxConnectionsPerClient, maxRequestsPerClient, headerTimeout, timeout, bodyMinRate,
                maxApiRequests, apiQueueTimeout);
    }

    public HttpLimits withMaxConnectionsPerClient(int max) {
        return new HttpLimits(max, maxRequestsPerClient, headerTimeout, bodyTimeout, bodyMinRate, maxApiRequests,
                apiQueueTimeout);
    }

    public HttpLimits withApiConcurrency(int max, Duration queueTimeout) {
        return new HttpLimits(maxConnectionsPerClient, maxRequestsPerClient, headerTimeout, bodyTimeout, bodyMinRate, max,
                queueTimeout);
    }

    public HttpLimits withMaxRequestsPerClient(int max) {
        return new HttpLimits(maxConnectionsPerClient, max, headerTimeout, bodyTimeout, bodyMinRate, maxApiRequests,
                apiQueueTimeout);
    }
}
