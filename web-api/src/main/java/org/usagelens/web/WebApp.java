package org.usagelens.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.server.handler.ThreadLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the (unstarted) Javalin server: routes, JSON, errors, security headers, the dashboard and request logs. */
public final class WebApp {
    private static final Logger REQUESTS = LoggerFactory.getLogger("org.usagelens.web.requests");

    /** Where the frontend jar keeps the built dashboard on the classpath. */
    public static final String DASHBOARD_CLASSPATH_DIR = "/usagelens-dashboard";

    /** The headers every response carries, whatever answers it. */
    static final Map<String, String> SECURITY_HEADERS = orderedHeaders(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");

    private WebApp() {
    }

    /**
     * Worker threads of the server. The API may use {@link HttpLimits#maxApiRequests()} of them at once; the others
     * stay free for /health, Jetty's selectors and the body loader's dispatches, however busy the API is.
     */
    static final int WORKER_THREADS = 250;
    /** Paths that never wait behind the API: a load balancer must see the server alive while it is busy. */
    private static final String[] UNLIMITED_PATHS = {"/health"};

    /** The server with the default limits. */
    public static Javalin create(Routes routes, ObjectMapper json) {
        return create(routes, json, HttpLimits.DEFAULTS);
    }

    public static Javalin create(Routes routes, ObjectMapper json, HttpLimits limits) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(json, false));
            // Ingestion reads its body itself with its own 1 MiB limit; this bounds everything else.
            config.http.maxRequestSize = 2L * 1024 * 1024;
            config.router.ignoreTrailingSlashes = true;
            if (WebApp.class.getResource(DASHBOARD_CLASSPATH_DIR + "/index.html") != null) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = DASHBOARD_CLASSPATH_DIR;
                    files.location = Location.CLASSPATH;
                    files.headers = java.util.Map.of("Cache-Control", "no-cache");
                });
            }
            config.requestLogger.http((ctx, ms) -> {
                routes.metrics().request(ctx, ms);
                REQUESTS.info("{} {} {} {}ms", ctx.method(), QueryParams.abbreviate(ctx.path()), ctx.status().getCode(),
                        Math.round(ms));
            });
            // Requests Jetty refuses before routing (bad request line, headers too large, ...) get the
            // same JSON error body and security headers from ErrorMapping.ProtocolErrors.
            config.jetty.modifyServer(server -> server.setErrorHandler(new ErrorMapping.ProtocolErrors(json)));
            QueuedThreadPool workers = new QueuedThreadPool(WORKER_THREADS, 8, 60_000);
            workers.setName("usagelens-http");
            config.jetty.threadPool = workers;
            ClientConnections connections = new ClientConnections(limits.maxConnectionsPerClient(),
                    limits.headerTimeout(), routes.metrics()::refused);
            config.jetty.modifyServer(server -> server.insertHandler(limitHandlers(connections, limits, json,
                    routes.metrics()::refused)));
            // Javalin's own connector, plus the per-client connection limits, which listen to its connections.
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.jetty.host);
                connector.setPort(config.jetty.port);
                connector.addEventListener(connections.listener());
                return connector;
            });
            config.routes.before(ctx -> {
                SECURITY_HEADERS.forEach(ctx::header);
                routes.cors().decorate(ctx);
                if (ctx.path().startsWith("/api/")) {
                    ctx.header("Cache-Control", "no-store");
                }
            });
            ErrorMapping.install(config.routes);
            // CORS preflights (and plain OPTIONS) on every path, before the API's own routes.
            config.routes.addEndpoint(new io.javalin.router.Endpoint(io.javalin.http.HandlerType.OPTIONS, "/*",
                    routes.cors()::preflight, java.util.Set.of()));
            config.routes.apiBuilder(routes.endpoints());
        });
    }

    /**
     * The handlers in front of Javalin, outermost first: the connection limits and request-head deadline, the body
     * loader (bodies arrive before any thread waits for them), the per-client limit of requests handled at once, and
     * the API's limit of requests handled at once. Each of them hands a request on or answers it; none blocks.
     */
    private static Handler.Singleton limitHandlers(ClientConnections connections, HttpLimits limits, ObjectMapper json,
                                                   ClientConnections.Refusals refusals) {
        EagerContentHandler bodies = new EagerContentHandler(new BodyLoader(UsageEventsHandler.MAX_BODY_BYTES,
                limits.bodyTimeout(), limits.bodyMinRate(), json, refusals));
        connections.setHandler(bodies);
        Handler.Singleton last = bodies;
        if (limits.maxRequestsPerClient() > 0) {
            // Jetty's: requests beyond the limit wait (holding no thread) until one of the client's is done. The
            // remote address is the connection's; forwarded headers are not trusted.
            ThreadLimitHandler perClient = new ThreadLimitHandler();
            perClient.setThreadLimit(limits.maxRequestsPerClient());
            perClient.excludePath(UNLIMITED_PATHS);
            last.setHandler(perClient);
            last = perClient;
        }
        QoSHandler api = new QoSHandler() {
            @Override
            protected void reject(Request request, Response response, Callback callback, int status) {
                refusals.refused("busy");
                super.reject(request, response, callback, status);
            }

            @Override
            protected void failSuspended(Request request, Response response, Callback callback, int status,
                                         Throwable failure) {
                refusals.refused("busy");
                super.failSuspended(request, response, callback, status, failure);
            }
        };
        api.setMaxRequestCount(limits.maxApiRequests());
        api.setMaxSuspend(limits.apiQueueTimeout());
        api.excludePath(UNLIMITED_PATHS);
        last.setHandler(api);
        return connections;
    }

    private static Map<String, String> orderedHeaders(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(headers);
    }
}
