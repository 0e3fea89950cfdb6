package org.usagelens.web;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import io.javalin.apibuilder.EndpointGroup;
import java.util.Objects;

/** Every route of the server, in one place. */
final class Routes {
    private final HealthHandler health;
    private final UsageEventsHandler usageEvents;
    private final UsageLogsHandler usageLogs;
    private final CatalogHandler catalog;
    private final AuthHandler auth;
    private final DashboardHandler dashboard;
    private final AnalyticsHandler analytics;
    private final TrendsHandler trends;
    private final RecommendationsHandler recommendations;
    private final PricesHandler prices;
    private final ApiMetrics metrics;
    private final OpenApiHandler openApi;
    private final MetricsAccess metricsAccess;
    private final Cors cors;
    private final OtlpTracesHandler otlpTraces;

    public Routes(HealthHandler health, UsageEventsHandler usageEvents, UsageLogsHandler usageLogs,
                  AnalyticsHandler analytics, TrendsHandler trends, RecommendationsHandler recommendations, PricesHandler prices, CatalogHandler catalog, AuthHandler auth, DashboardHandler dashboard,
                  ApiMetrics metrics, MetricsAccess metricsAccess, OpenApiHandler openApi, java.util.List<String> corsOrigins,
                  OtlpTracesHandler otlpTraces) {
        this.health = Objects.requireNonNull(health, "health");
        this.usageEvents = Objects.requireNonNull(usageEvents, "usageEvents");
        this.usageLogs = Objects.requireNonNull(usageLogs, "usageLogs");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
        this.analytics = Objects.requireNonNull(analytics, "analytics");
        this.trends = Objects.requireNonNull(trends, "trends");
        this.recommendations = Objects.requireNonNull(recommendations, "recommendations");
        this.prices = Objects.requireNonNull(prices, "prices");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.openApi = Objects.requireNonNull(openApi, "openApi");
        this.metricsAccess = Objects.requireNonNull(metricsAccess, "metricsAccess");
        this.cors = new Cors(corsOrigins);
        this.otlpTraces = Objects.requireNonNull(otlpTraces, "otlpTraces");
    }

    ApiMetrics metrics() {
        return metrics;
    }

    Cors cors() {
        return cors;
    }

    EndpointGroup endpoints() {
        return () -> {
            get("/", dashboard::page);
            get("/analytics", dashboard::page);
            get("/trends", dashboard::page);
            get("/health", health::get);
            get("/metrics", ctx -> {
                metricsAccess.check(ctx);
                metrics.scrape(ctx);
            });
            get("/openapi.json", openApi::get);
            // OTLP/HTTP's default path for traces: exporters append it to OTEL_EXPORTER_OTLP_ENDPOINT.
            post(OtlpErrors.TRACES_PATH, otlpTraces::post);
            path("/api", () -> {
                post("/usage-events", usageEvents::post);
                get("/providers", catalog::providers);
                get("/prices", prices::list);
                get("/detection/explain", catalog::explain);
                path("/auth", () -> {
                    get("/config", auth::config);
                    post("/demo-token", auth::demoToken);
                });
                path("/subscription", () -> {
                    get("/usage-logs", usageLogs::list);
                    get("/usage-logs.csv", usageLogs::csv);
                    get("/provider-analytics", analytics::get);
                    get("/provider-trends", trends::get);
                    get("/provider-recommendations", recommendations::get);
                });
            });
        };
    }
}
