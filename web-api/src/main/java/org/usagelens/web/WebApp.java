package org.usagelens.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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

    public static Javalin create(Routes routes, ObjectMapper json) {
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

    private static Map<String, String> orderedHeaders(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(headers);
    }
}
