package org.usagelens.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.usagelens.domain.model.EventOutcome;

/**
 * Prometheus metrics of the server: requests and latency per route, events ingested per actual
 * provider, detections per source, the database pool, and the JVM. Served at {@code /metrics}.
 */
final class ApiMetrics implements UsageEventsHandler.IngestListener {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Counter ingested;
    private final Counter detections;
    private final Counter refused;

    ApiMetrics(WebApp.PoolStats pool) {
        requests = Counter.builder().name("usagelens_http_requests_total").help("HTTP requests by route and status")
                .labelNames("method", "route", "status").register(registry);
        latency = Histogram.builder().name("usagelens_http_request_duration_seconds").unit(Unit.SECONDS)
                .help("HTTP request latency by route").labelNames("method", "route")
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .classicOnly().register(registry);
        ingested = Counter.builder().name("usagelens_events_ingested_total")
                .help("Usage events stored, by actual provider").labelNames("provider").register(registry);
        detections = Counter.builder().name("usagelens_detections_total")
                .help("Provider detections at write, by source").labelNames("source").register(registry);
        refused = Counter.builder().name("usagelens_http_refused_total")
                .help("Connections and requests the server's limits refused, by reason: connections_per_client,"
                        + " header_timeout, body_timeout, body_too_slow, busy").labelNames("reason").register(registry);
        GaugeWithCallback.builder().name("usagelens_db_pool_connections").help("Database pool connections by state")
                .labelNames("state").callback(cb -> {
                    cb.call(pool.active(), "active");
                    cb.call(pool.idle(), "idle");
                    cb.call(pool.pending(), "pending");
                    cb.call(pool.max(), "max");
                }).register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** Records one finished request under its route template (never the raw path, to bound cardinality). */
    public void request(Context ctx, float millis) {
        String route = route(ctx);
        requests.labelValues(ctx.method().name(), route, String.valueOf(ctx.status().getCode())).inc();
        latency.labelValues(ctx.method().name(), route).observe(millis / 1000.0);
    }

    private static String route(Context ctx) {
        try {
            var endpoint = ctx.endpoint();
            String path = endpoint == null ? null : endpoint.path;
            return path == null || path.isEmpty() || path.contains("*") ? "unmatched" : path;
        } catch (RuntimeException noEndpoint) {
            return "unmatched";
        }
    }

    /** One connection or request refused by the limits in front of the API ({@link HttpLimits}). */
    void refused(String reason) {
        refused.labelValues(reason).inc();
    }

    @Override
    public void stored(EventOutcome.Stored stored) {
        ingested.labelValues(stored.detection().providerId()).inc();
        detections.labelValues(stored.detection().source()).inc();
    }

    /** {@code GET /metrics}. */
    public void scrape(Context ctx) {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        ctx.contentType(writer.getContentType());
        try {
            writer.write(ctx.outputStream(), registry.scrape(), io.prometheus.metrics.config.EscapingScheme.ALLOW_UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
