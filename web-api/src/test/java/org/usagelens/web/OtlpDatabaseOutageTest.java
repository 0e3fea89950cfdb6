package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.web.testing.OtelSdk;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.wiring.ServerSettings;

/**
 * With PostgreSQL gone, {@code POST /v1/traces} answers 503 with {@code Retry-After} and a protobuf
 * {@code google.rpc.Status} UNAVAILABLE, which OTLP exporters retry; once it is back, the same spans are stored once.
 */
class OtlpDatabaseOutageTest {

    @Test
    void givenPostgresStopped_thenOtlpGets503WithRetryAfter_andTheRetryAfterRecoveryStoresTheSpanOnce(
            @TempDir Path dir) throws Exception {
        EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("pg"));
        DatabaseUrl url = postgres.url();
        int port = postgres.port();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, dir, url.jdbcUrl(), url.user(), url.password(),
                List.of(TestServer.INGEST_KEY), TestServer.JWT_SECRET, null, null, false, 4);
        try (TestServer server = TestServer.start(settings, url);
             OtelSdk app = new OtelSdk(Attributes.of(AttributeKey.stringKey("user.id"), "otlp-outage"));
             OtlpHttpSpanExporter exporter = OtelSdk.protobufExporter(server, TestServer.INGEST_KEY, false)) {
            Instant start = server.clock().instant().minusSeconds(600);
            SpanData span = app.span("chat gpt-4o", start, start.plusMillis(400), b -> b
                    .setAttribute(AttributeKey.stringKey("gen_ai.operation.name"), "chat")
                    .setAttribute(AttributeKey.stringKey("gen_ai.provider.name"), "openai")
                    .setAttribute(AttributeKey.stringKey("gen_ai.request.model"), "gpt-4o"));
            byte[] body = OtelSdk.protobuf(List.of(span));

            postgres.close();
            HttpResponse<byte[]> during = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/v1/traces"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-protobuf")
                    .header("X-Api-Key", TestServer.INGEST_KEY).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());

            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).contains("5");
            assertThat(during.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
            assertThat(during.body()[0]).as("google.rpc.Status field 1").isEqualTo((byte) 0x08);
            assertThat(during.body()[1]).as("code 14 UNAVAILABLE").isEqualTo((byte) 14);

            EmbeddedDatabase restarted = EmbeddedDatabase.startOnPort(dir.resolve("pg"), port);
            // Exports refused while the pool reconnects are logged by the SDK: kept out of the build's output.
            try (OtelSdk.SdkLog quiet = new OtelSdk.SdkLog()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                boolean exported = false;
                while (System.nanoTime() < deadline && !exported) {
                    exported = OtelSdk.succeeded(exporter.export(List.of(span)));
                }
                assertThat(exported).as("the exporter's retry succeeds within 10 s of PostgreSQL's return (the SDK said %s)",
                        quiet.messages()).isTrue();
                assertThat(OtelSdk.succeeded(exporter.export(List.of(span)))).isTrue();
                var page = server.json(server.get("/api/subscription/usage-logs", TestTokens.forUser("otlp-outage")));
                assertThat(page.get("total_count").asLong()).isEqualTo(1);
            } finally {
                restarted.close();
            }
        }
    }
}
