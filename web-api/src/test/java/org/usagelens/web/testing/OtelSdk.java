package org.usagelens.web.testing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.internal.StandardComponentId;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The real OpenTelemetry Java SDK, making spans the way an instrumented application does, and its real OTLP/HTTP
 * exporters sending them to a server. Every span gets explicit start and end timestamps from the test's clock, so
 * nothing here reads the wall clock to decide what a test expects.
 */
public final class OtelSdk implements AutoCloseable {
    private final SdkTracerProvider provider;
    private final Tracer tracer;
    private final List<SpanData> ended = new ArrayList<>();

    /** Spans of a service whose resource carries these attributes (e.g. {@code service.name}, {@code user.id}). */
    public OtelSdk(Attributes resource) {
        SpanExporter collector = new SpanExporter() {
            @Override
            public synchronized CompletableResultCode export(Collection<SpanData> spans) {
                ended.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(resource)))
                .addSpanProcessor(SimpleSpanProcessor.create(collector))
                .build();
        tracer = provider.get("org.usagelens.test");
    }

    /** Makes and ends one client span from {@code start} to {@code end}; {@code attributes} sets its attributes. */
    public synchronized SpanData span(String name, Instant start, Instant end, Consumer<SpanBuilder> attributes,
                                      Consumer<Span> beforeEnd) {
        SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT).setNoParent()
                .setStartTimestamp(start);
        attributes.accept(builder);
        Span span = builder.startSpan();
        beforeEnd.accept(span);
        span.end(end);
        return ended.get(ended.size() - 1);
    }

    public SpanData span(String name, Instant start, Instant end, Consumer<SpanBuilder> attributes) {
        return span(name, start, end, attributes, s -> { });
    }

    /** The SDK's OTLP/HTTP protobuf exporter (its default), optionally gzip, with the ingest key in a header. */
    public static OtlpHttpSpanExporter protobufExporter(TestServer server, String key, boolean gzip) {
        return OtlpHttpSpanExporter.builder()
                .setEndpoint(server.uri("/v1/traces").toString())
                .addHeader("X-Api-Key", key)
                .setCompression(gzip ? "gzip" : "none")
                .setRetryPolicy(null)
                .build();
    }

    /**
     * The SDK's OTLP/HTTP JSON exporter. The Java SDK builds it for {@code OTEL_EXPORTER_OTLP_PROTOCOL=http/json} from
     * these (public, internal) classes; {@code OtlpHttpSpanExporterBuilder} has no public switch for it.
     */
    public static JsonExporter jsonExporter(TestServer server, String key, boolean gzip) {
        HttpExporter exporter = new HttpExporterBuilder(
                StandardComponentId.ExporterType.OTLP_HTTP_SPAN_EXPORTER, server.uri("/v1/traces").toString())
                .exportAsJson()
                .addConstantHeaders("X-Api-Key", key)
                .setCompression(gzip ? "gzip" : "none")
                .setRetryPolicy(null)
                .build();
        return new JsonExporter(exporter);
    }

    /** Sends spans with the JSON exporter; {@link #export} answers whether the server accepted them. */
    public record JsonExporter(HttpExporter exporter) implements AutoCloseable {
        public CompletableResultCode export(Collection<SpanData> spans) {
            return exporter.export(TraceRequestMarshaler.create(spans), spans.size());
        }

        @Override
        public void close() {
            exporter.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** Whether an export finished successfully within 30 s. */
    public static boolean succeeded(CompletableResultCode result) {
        return result.join(30, TimeUnit.SECONDS).isSuccess();
    }

    /** The request body the SDK's exporter sends for these spans, as protobuf. */
    public static byte[] protobuf(Collection<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The same in OTLP's JSON encoding. */
    public static byte[] json(Collection<SpanData> spans) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            TraceRequestMarshaler.create(spans).writeJsonTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        provider.close();
    }

    /**
     * What the SDK logs (through java.util.logging, e.g. a refused export with the server's message) while open,
     * kept for assertions instead of being written into the build's output.
     */
    public static final class SdkLog extends java.util.logging.Handler implements AutoCloseable {
        private final java.util.logging.Logger logger = java.util.logging.Logger.getLogger("io.opentelemetry");
        private final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

        public SdkLog() {
            logger.setUseParentHandlers(false);
            logger.addHandler(this);
        }

        public List<String> messages() {
            return messages;
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setUseParentHandlers(true);
        }
    }
}
