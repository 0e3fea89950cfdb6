package org.usagelens.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-level limits of one client (one remote address), which Jetty has no setting for:
 * <ul>
 * <li>at most {@code maxPerClient} open connections per remote address: a connection beyond that is closed as it
 * opens, before a byte of it is read;</li>
 * <li>a request head must arrive within {@code headerTimeout}, counted from the connection's opening for its first
 * request and from the first byte of each later one (Jetty's idle timeout starts again with every byte, so a
 * client sending one header byte every few seconds would otherwise keep a connection for ever). A connection past
 * the limit is closed without an answer. The body's own limits ({@link BodyLoader}) count from the head's arrival.</li>
 * </ul>
 * It listens to the connector's connections ({@link #listener()}) and, as the outermost handler, sees which
 * connections are inside a request; a sweep every {@link #SWEEP} closes the late ones.
 */
final class ClientConnections extends Handler.Wrapper {
    static final Duration SWEEP = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnections.class);

    /** Told about every connection the limits close, for the metrics. */
    interface Refusals {
        void refused(String reason);
    }

    private final int maxPerClient;
    private final long headerTimeoutNanos;
    private final Refusals refusals;
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Connection, Tracked> open = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    /** One open connection: whose, and where its current request head stands. */
    private static final class Tracked {
        final InetAddress client;
        volatile boolean inRequest;
        /** Bytes the connection had read when it last became idle (0 at its opening). */
        volatile long idleBytes;
        /** When the current head began (the opening, or the first byte seen after a request); 0 while none. */
        volatile long headStartNanos;

        Tracked(InetAddress client, long openedNanos) {
            this.client = client;
            this.headStartNanos = openedNanos;
        }
    }

    ClientConnections(int maxPerClient, Duration headerTimeout, Refusals refusals) {
        this.maxPerClient = maxPerClient;
        this.headerTimeoutNanos = headerTimeout.toNanos();
        this.refusals = refusals;
    }

    /**
     * What listens to the connector's connections. A separate object: a listener added to a connector becomes one of
     * its beans, and this handler's life cycle belongs to the server's handler tree.
     */
    Connection.Listener listener() {
        return new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                opened(connection);
            }

            @Override
            public void onClosed(Connection connection) {
                closed(connection);
            }
        };
    }

    private void opened(Connection connection) {
        InetAddress client = client(connection);
        if (client == null) {
            return;
        }
        open.put(connection, new Tracked(client, System.nanoTime()));
        int count = perClient.merge(client, 1, Integer::sum);
        if (maxPerClient > 0 && count > maxPerClient) {
            refusals.refused("connections_per_client");
            connection.getEndPoint().close();
        }
    }

    private void closed(Connection connection) {
        Tracked tracked = open.remove(connection);
        if (tracked != null) {
            perClient.computeIfPresent(tracked.client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connection connection = request.getConnectionMetaData().getConnection();
        Tracked tracked = connection == null ? null : open.get(connection);
        if (tracked == null) {
            return super.handle(request, response, callback);
        }
        tracked.inRequest = true;
        // Marked idle before the callback completes: completing it may start the next request on this connection.
        Callback idleAgain = new Callback() {
            @Override
            public void succeeded() {
                idle(tracked, connection);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                idle(tracked, connection);
                callback.failed(x);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
        boolean handled = super.handle(request, response, idleAgain);
        if (!handled) {
            idle(tracked, connection);
        }
        return handled;
    }

    private static void idle(Tracked tracked, Connection connection) {
        tracked.idleBytes = connection.getBytesIn();
        tracked.headStartNanos = 0;
        tracked.inRequest = false;
    }

    /** Closes the connections whose request head is late; notes when the next head of an idle one begins. */
    private void sweep() {
        try {
            sweepOnce(System.nanoTime());
        } catch (RuntimeException e) {
            // A failed sweep must not end the sweeping (the executor would stop repeating it).
            LOG.warn("the request-head sweep failed", e);
        }
    }

    private void sweepOnce(long now) {
        open.forEach((connection, tracked) -> {
            if (tracked.inRequest) {
                return;
            }
            long start = tracked.headStartNanos;
            if (start == 0) {
                if (connection.getBytesIn() > tracked.idleBytes) {
                    tracked.headStartNanos = now; // the next request has begun to arrive
                }
            } else if (now - start > headerTimeoutNanos) {
                refusals.refused("header_timeout");
                connection.getEndPoint().close();
            }
        });
    }

    @Override
    protected void doStart() throws Exception {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "usagelens-request-head-sweep");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        sweeper.shutdownNow();
    }

    private static InetAddress client(Connection connection) {
        return connection.getEndPoint().getRemoteSocketAddress() instanceof InetSocketAddress address
                ? address.getAddress() : null;
    }
}
