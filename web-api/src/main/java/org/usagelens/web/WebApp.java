package org.usagelens.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the (unstarted) Javalin server: routes, JSON, errors, security headers, the dashboard and request logs. */
public final class WebApp {
    private static final Logger REQUESTS = LoggerFactory.getLogger("org.usagelens.web.requests");

    /** Where the frontend jar keeps the built dashboard on the classpath. */
    public static final String DASHBOARD_CLASSPATH_DIR = "/usagelens-dashboard";

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
            config.routes.before(ctx -> {
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("X-Frame-Options", "DENY");
                ctx.header("Referrer-Policy", "no-referrer");
                ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
                if (ctx.path().startsWith("/api/")) {
                    ctx.header("Cache-Control", "no-store");
                }
            });
            ErrorMapping.install(config.routes);
            config.routes.apiBuilder(routes.endpoints());
        });
    }
}
