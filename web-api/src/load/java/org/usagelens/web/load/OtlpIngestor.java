package org.usagelens.web.load;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent OTLP exporters: each posts {@code ExportTraceServiceRequest}s of {@code batchSize} GenAI spans (512, what
 * the SDKs' batch span processor sends) as protobuf to {@code /v1/traces}, as fast as the server answers, the same
 * call mix as {@link SyntheticEvents} described the way instrumentations do (provider name, models, server address,
 * token counts, user id); on a 503 or a broken connection it retries the same request, as exporters do. Counts the spans
 * acknowledged (200 without rejected spans).
 */
final class OtlpIngestor {
    /** The provider name an instrumentation would report for each category of {@link SyntheticEvents#CALLS}. */
    private static final Map<String, String> PROVIDER_NAME = Map.of("openai", "openai", "gemini", "gcp.gemini",
            "anthropic", "anthropic", "mistral", "openai", "audio", "openai");

    private final URI endpoint;
    private final String ingestKey;
    private final String userPrefix;
    private final int clients;
    private final int batchSize;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> errorSamples = new ArrayList<>();

    OtlpIngestor(URI baseUri, String ingestKey, String userPrefix, int clients, int batchSize, Clock clock) {
        this.endpoint = baseUri.resolve("/v1/traces");
        this.ingestKey = ingestKey;
        this.userPrefix = userPrefix;
        this.clients = clients;
        this.batchSize = batchSize;
        this.clock = clock;
    }

    record Result(long spans, double seconds, Latencies batchLatencies, long errors, List<String> errorSamples) {
        double spansPerSecond() {
            return spans / seconds;
        }
    }

    Result run(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        List<Latencies> latencies = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Latencies l = new Latencies();
            latencies.add(l);
            Thread t = new Thread(() -> exporter(client, deadline, l), "otlp-" + c);
            threads.add(t);
            t.start();
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        synchronized (errorSamples) {
            return new Result(acked.get(), seconds, Latencies.merge(latencies), errors.get(), List.copyOf(errorSamples));
        }
    }

    private void exporter(int client, long deadline, Latencies latencies) {
        long seq = 0;
        while (System.nanoTime() < deadline) {
            byte[] body = request(client, seq).toByteArray();
            seq += batchSize;
            for (int attempt = 0; ; attempt++) {
                if (send(body, latencies)) {
                    break;
                }
                if (attempt > 600) {
                    error("client " + client + " gave up");
                    return;
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    private ExportTraceServiceRequest request(int client, long first) {
        long end = clock.instant().minusSeconds(1).toEpochMilli() * 1_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("opentelemetry.instrumentation.openai_v2")
                        .setVersion("2.1b0"));
        for (int i = 0; i < batchSize; i++) {
            long seq = first + i;
            String[] call = SyntheticEvents.CALLS[(int) (seq % SyntheticEvents.CALLS.length)];
            long duration = (seq % 9000) * 10_000_000L;
            Span.Builder span = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(client + 1L).putLong(seq).array()))
                    .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(seq + 1).array()))
                    .setName("chat " + call[1]).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(end - i * 1_000_000L - duration).setEndTimeUnixNano(end - i * 1_000_000L)
                    .addAttributes(string("gen_ai.operation.name", "chat"))
                    .addAttributes(string("gen_ai.request.model", call[1]))
                    .addAttributes(string("gen_ai.response.model", call[1]))
                    .addAttributes(integer("gen_ai.usage.input_tokens", SyntheticEvents.tokensInput(seq)))
                    .addAttributes(integer("gen_ai.usage.output_tokens", SyntheticEvents.tokensOutput(seq)))
                    .addAttributes(string("user.id", userPrefix + client));
            String providerName = PROVIDER_NAME.get(call[0]);
            if (providerName != null) {
                span.addAttributes(string("gen_ai.provider.name", providerName));
            }
            if (call[2].startsWith("http")) {
                span.addAttributes(string("url.full", call[2]));
                span.addAttributes(string("server.address", URI.create(call[2]).getHost()));
                span.addAttributes(integer("server.port", 443));
            }
            if (SyntheticEvents.status(seq) >= 400) {
                span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("upstream timeout"));
                span.addAttributes(string("error.type", "500"));
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(string("service.name", "bench-app"))
                        .addAttributes(string("telemetry.sdk.language", "python")))
                .addScopeSpans(scope)).build();
    }

    private boolean send(byte[] body, Latencies latencies) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-protobuf").header("X-Api-Key", ingestKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            error("OTLP request: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        latencies.record(System.nanoTime() - start);
        if (response.statusCode() != 200) {
            error("OTLP request: HTTP " + response.statusCode());
            return false;
        }
        try {
            ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
            if (answer.getPartialSuccess().getRejectedSpans() > 0) {
                error("OTLP request: " + answer.getPartialSuccess().getErrorMessage());
            }
            acked.addAndGet(batchSize - answer.getPartialSuccess().getRejectedSpans());
            return true;
        } catch (IOException e) {
            error("OTLP request: unreadable response " + e);
            return false;
        }
    }

    private void error(String what) {
        errors.incrementAndGet();
        synchronized (errorSamples) {
            if (errorSamples.size() < 10) {
                errorSamples.add(what);
            }
        }
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
