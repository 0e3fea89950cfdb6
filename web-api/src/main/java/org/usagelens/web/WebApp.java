package org.usagelens.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.port.in.AnalyseProvidersUseCase;
import org.usagelens.domain.port.in.CheckHealthUseCase;
import org.usagelens.domain.port.in.ExportUsageLogsUseCase;
import org.usagelens.domain.port.in.ListPricesUseCase;
import org.usagelens.domain.port.in.ListUsageLogsUseCase;
import org.usagelens.domain.port.in.RecommendProvidersUseCase;
import org.usagelens.domain.port.in.RecordUsageUseCase;
import org.usagelens.domain.port.in.ShowMonthlyTrendsUseCase;

/**
 * The web adapter's one entry point: builds the (unstarted) Javalin server, with its routes, handlers,
 * authentication, ingest keys, metrics, CORS, JSON, errors, security headers, the dashboard and request logs, from
 * the use cases (inbound ports), the detector, the clock and plain settings. Everything it builds is package-private.
 */
public final class WebApp {
    private static final Logger REQUESTS = LoggerFactory.getLogger("org.usagelens.web.requests");

    /** Where the frontend jar keeps the built dashboard on the classpath. */
    static final String DASHBOARD_CLASSPATH_DIR = "/usagelens-dashboard";

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

    /** The use cases the API calls: inbound ports only, never a service. */
    public record UseCases(RecordUsageUseCase recordUsage, ListUsageLogsUseCase listUsageLogs,
                           ExportUsageLogsUseCase exportUsageLogs, AnalyseProvidersUseCase analyseProviders,
                           ShowMonthlyTrendsUseCase monthlyTrends, RecommendProvidersUseCase recommendProviders,
                           ListPricesUseCase listPrices, CheckHealthUseCase checkHealth) {
        public UseCases {
            Objects.requireNonNull(recordUsage, "recordUsage");
            Objects.requireNonNull(listUsageLogs, "listUsageLogs");
            Objects.requireNonNull(exportUsageLogs, "exportUsageLogs");
            Objects.requireNonNull(analyseProviders, "analyseProviders");
            Objects.requireNonNull(monthlyTrends, "monthlyTrends");
            Objects.requireNonNull(recommendProviders, "recommendProviders");
            Objects.requireNonNull(listPrices, "listPrices");
            Objects.requireNonNull(checkHealth, "checkHealth");
        }
    }

    /**
     * The web side's settings, as plain values.
     *
     * @param ingestKeys      the service keys that may post usage events ({@code X-Api-Key}); blank ones are ignored
     * @param jwksUrl         bearer tokens signed by a key of this JWKS (by {@code kid}), or {@code null}
     * @param jwtSecret       bearer tokens signed HS256 with this secret (at least 32 bytes), or {@code null}
     * @param jwtPublicKeyPem bearer tokens signed RS256 with this PEM public key's private key, or {@code null}
     * @param jwtIssuer       the {@code iss} every bearer token must carry, or {@code null} for any
     * @param jwtAudience     a value every bearer token's {@code aud} must contain, or {@code null} for any
     * @param jwtLeeway       the clock-skew leeway for exp, nbf and iat (0 to {@link #MAX_JWT_LEEWAY})
     * @param demoUser        demo mode's user, when demo mode is on (the dashboard signs in as it, with tokens of a
     *                        secret that lives and dies with this process); {@code null} when it is off
     * @param metricsToken    the bearer token {@code /metrics} requires, or {@code null}
     * @param corsOrigins     the origins whose pages may call the API
     * @param limits          what one client may hold of the server, and how fast requests must arrive
     */
    public record Settings(List<String> ingestKeys, URL jwksUrl, String jwtSecret, String jwtPublicKeyPem,
                           String jwtIssuer, String jwtAudience, Duration jwtLeeway, String demoUser,
                           String metricsToken, List<String> corsOrigins, HttpLimits limits) {
        /** The default clock-skew leeway for exp, nbf and iat. */
        public static final Duration DEFAULT_JWT_LEEWAY = TokenVerifier.DEFAULT_LEEWAY;
        /** The largest leeway a deployment may configure. */
        public static final Duration MAX_JWT_LEEWAY = TokenVerifier.MAX_LEEWAY;

        public Settings {
            ingestKeys = List.copyOf(ingestKeys);
            Objects.requireNonNull(jwtLeeway, "jwtLeeway");
            corsOrigins = List.copyOf(corsOrigins);
            Objects.requireNonNull(limits, "limits");
        }

        /** Demo mode: decided by the wiring, once; no request can change it. */
        public boolean demoMode() {
            return demoUser != null;
        }

        /** Hides the secrets and keys: the record's default toString would print them. */
        @Override
        public String toString() {
            return "WebApp.Settings[ingestKeys=" + ingestKeys.size() + ", jwksUrl=" + jwksUrl + ", jwtSecret="
                    + (jwtSecret == null ? "none" : "set") + ", jwtPublicKey=" + (jwtPublicKeyPem == null ? "none" : "set")
                    + ", jwtIssuer=" + jwtIssuer + ", jwtAudience=" + jwtAudience + ", jwtLeeway=" + jwtLeeway
                    + ", demoUser=" + demoUser + ", metricsToken=" + (metricsToken == null ? "none" : "set")
                    + ", corsOrigins=" + corsOrigins + ", limits=" + limits + "]";
        }
    }

    /** What the database pool reports, for {@code /metrics}; the wiring adapts the real pool to it. */
    public interface PoolStats {
        int active();

        int idle();

        int pending();

        int max();
    }

    /**
     * The server, unstarted: every route and handler, built here from the use cases, the detector, the clock (the
     * only source of the current time for tokens, default periods and demo sign-ins) and the settings.
     *
     * @throws IllegalArgumentException when a JWT setting is unusable (a short secret, a PEM that is no RSA public key,
     *                                  a JWKS URL that is not http(s), a leeway out of range)
     */
    public static Javalin create(UseCases useCases, ProviderDetector detector, Clock clock, Settings settings,
                                 PoolStats pool) {
        Objects.requireNonNull(useCases, "useCases");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        ObjectMapper json = Json.mapper();
        return create(routes(useCases, detector, clock, settings, new ApiMetrics(Objects.requireNonNull(pool, "pool")),
                json), json, settings.limits());
    }

    /** Every handler, and what they share: one authentication, one set of ingest keys, one demo mode, one metrics. */
    static Routes routes(UseCases useCases, ProviderDetector detector, Clock clock, Settings settings,
                         ApiMetrics metrics, ObjectMapper json) {
        Optional<DemoMode> demoMode = settings.demoMode() ? Optional.of(new DemoMode(settings.demoUser(), clock))
                : Optional.empty();
        Authentication auth = authentication(settings, demoMode, clock);
        IngestKeys keys = new IngestKeys(settings.ingestKeys());
        return new Routes(
                new HealthHandler(useCases.checkHealth()),
                new UsageEventsHandler(useCases.recordUsage(), keys, json, metrics),
                new UsageLogsHandler(useCases.listUsageLogs(), useCases.exportUsageLogs(), auth, detector, json),
                new AnalyticsHandler(useCases.analyseProviders(), auth, detector, clock),
                new TrendsHandler(useCases.monthlyTrends(), auth, clock),
                new RecommendationsHandler(useCases.recommendProviders(), auth, detector, clock),
                new PricesHandler(useCases.listPrices()),
                new CatalogHandler(detector, auth, keys, settings.demoMode()),
                new AuthHandler(demoMode, clock),
                new DashboardHandler(),
                metrics,
                new MetricsAccess(settings.metricsToken(), settings.demoMode()),
                new OpenApiHandler(),
                settings.corsOrigins(),
                new OtlpTracesHandler(useCases.recordUsage(), keys, json, metrics));
    }

    /** The bearer-token verifiers, tried in this order: JWKS, HS256, RS256, then demo mode's own. */
    static Authentication authentication(Settings settings, Optional<DemoMode> demoMode, Clock clock) {
        List<TokenVerifier> verifiers = new ArrayList<>();
        TokenVerifier.Policy policy = new TokenVerifier.Policy(settings.jwtIssuer(), settings.jwtAudience(),
                settings.jwtLeeway());
        if (settings.jwksUrl() != null) {
            verifiers.add(TokenVerifier.jwks(settings.jwksUrl(), policy, clock));
        }
        if (settings.jwtSecret() != null) {
            verifiers.add(TokenVerifier.hs256(settings.jwtSecret(), policy, clock));
        }
        if (settings.jwtPublicKeyPem() != null) {
            verifiers.add(TokenVerifier.rs256(settings.jwtPublicKeyPem(), policy, clock));
        }
        demoMode.ifPresent(demo -> verifiers.add(demo.verifier()));
        return new Authentication(verifiers);
    }

    static Javalin create(Routes routes, ObjectMapper json, HttpLimits limits) {
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
