package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.usagelens.web.testing.OtelSdk;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.testing.TestServer;

/**
 * {@code POST /v1/traces} with the real OpenTelemetry Java SDK and its OTLP/HTTP exporters (protobuf, JSON, gzip)
 * sending GenAI spans to the real server over real HTTP, and the rows they leave in PostgreSQL.
 */
class OtlpIngestionTest {
    private static TestServer server;
    private static OtelSdk app;
    private static OtelSdk appWithResourceUser;
    private static OtlpHttpSpanExporter protobuf;
    private static OtelSdk.JsonExporter json;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    private static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    private static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    private static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    private static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
    private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
    private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
    private static final AttributeKey<String> USER = AttributeKey.stringKey("user.id");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    @BeforeAll
    static void start() {
        server = TestServer.start();
        app = new OtelSdk(Attributes.of(AttributeKey.stringKey("service.name"), "chat-app"));
        appWithResourceUser = new OtelSdk(Attributes.of(AttributeKey.stringKey("service.name"), "batch-job",
                USER, "resource-user"));
        protobuf = OtelSdk.protobufExporter(server, TestServer.INGEST_KEY, false);
        json = OtelSdk.jsonExporter(server, TestServer.INGEST_KEY, false);
    }

    @AfterAll
    static void stop() {
        protobuf.close();
        json.close();
        app.close();
        appWithResourceUser.close();
        server.close();
    }

    /** An instant a few minutes before the server's clock, so every span is in the validator's past. */
    private static Instant ago(int seconds) {
        return server.clock().instant().minusSeconds(300 + seconds);
    }

    private static SpanData openAiChat(String user, String model, Instant start) {
        return app.span("chat " + model, start, start.plusMillis(1_250), b -> b
                .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "openai")
                .setAttribute(REQUEST_MODEL, model).setAttribute(RESPONSE_MODEL, model + "-2024-07-18")
                .setAttribute(SERVER, "api.openai.com").setAttribute(PORT, 443L)
                .setAttribute(INPUT_TOKENS, 1200L).setAttribute(OUTPUT_TOKENS, 340L)
                .setAttribute(USER, user));
    }

    @Test
    void openAiChatSpan_overTheDefaultProtobufExporter_isStoredAsOpenAi_pricedFromTheCatalog() {
        Instant start = ago(10);
        SpanData span = openAiChat("otel-chat", "gpt-4o-mini", start);

        assertThat(OtelSdk.succeeded(protobuf.export(List.of(span)))).isTrue();

        Map<String, Object> row = row(span);
        assertThat(row).containsEntry("user_id", "otel-chat").containsEntry("provider", "openai")
                .containsEntry("actual_provider_name", "openai").containsEntry("detection_source", "ENDPOINT")
                .containsEntry("detection_rule", "endpoint.host.openai")
                .containsEntry("model_used", "gpt-4o-mini-2024-07-18").containsEntry("endpoint", "https://api.openai.com")
                .containsEntry("method", "POST").containsEntry("tokens_input", 1200L)
                .containsEntry("tokens_output", 340L).containsEntry("status_code", 200)
                .containsEntry("response_time", 1.25).containsEntry("cost_source", "catalog");
        // 1200 x $0.15/M + 340 x $0.60/M, the catalog's prices of gpt-4o-mini-2024-07-18 on OpenAI.
        assertThat((BigDecimal) row.get("cost_total")).isEqualByComparingTo("0.000384");
        assertThat(((java.sql.Timestamp) row.get("timestamp")).toInstant()).isEqualTo(start.plusMillis(1_250));
    }

    @Test
    void openAiSdkPointedAtTheHuggingFaceRouter_overJson_isStoredAsHuggingFace_withItsCategoryLoggedAsOpenai() {
        Instant start = ago(20);
        SpanData span = app.span("chat openai/gpt-oss-120b:groq", start, start.plusMillis(800), b -> b
                .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "openai")
                .setAttribute(REQUEST_MODEL, "openai/gpt-oss-120b:groq")
                .setAttribute(SERVER, "router.huggingface.co").setAttribute(PORT, 443L)
                .setAttribute(INPUT_TOKENS, 50L).setAttribute(OUTPUT_TOKENS, 20L).setAttribute(USER, "otel-router"));

        assertThat(OtelSdk.succeeded(json.export(List.of(span)))).isTrue();

        Map<String, Object> row = row(span);
        assertThat(row).containsEntry("provider", "openai").containsEntry("actual_provider_name", "huggingface")
                .containsEntry("detection_source", "ENDPOINT").containsEntry("detection_rule", "endpoint.host.huggingface")
                .containsEntry("model_used", "openai/gpt-oss-120b:groq")
                .containsEntry("endpoint", "https://router.huggingface.co");
        // The same call posted by an application under "openai" keeps today's precedence: the category decides.
        assertThat(server.json(server.get("/api/detection/explain?category=openai&model=openai/gpt-oss-120b:groq"
                + "&endpoint=https://router.huggingface.co", TestTokens.forUser("otel-router"))).at("/provider/id").asText()).isEqualTo("openai");
    }

    @Test
    void imageGenerationThroughWaveSpeed_gzipped_isStoredAsWaveSpeed_withoutTheUrlsQuery() {
        Instant start = ago(30);
        SpanData span = app.span("image_generation seedream", start, start.plusSeconds(7), b -> b
                .setAttribute(OPERATION, "image_generation")
                .setAttribute(REQUEST_MODEL, "bytedance/seedream-v4")
                .setAttribute(URL, "https://user:secret@api.wavespeed.ai/api/v3/bytedance/seedream-v4?key=secret#x")
                .setAttribute(AttributeKey.longKey("usagelens.units.image"), 2L)
                .setAttribute(USER, "otel-image"));

        try (OtlpHttpSpanExporter gzip = OtelSdk.protobufExporter(server, TestServer.INGEST_KEY, true)) {
            assertThat(OtelSdk.succeeded(gzip.export(List.of(span)))).isTrue();
        }

        Map<String, Object> row = row(span);
        assertThat(row).containsEntry("provider", "stability").containsEntry("actual_provider_name", "wavespeed")
                .containsEntry("detection_source", "ENDPOINT").containsEntry("detection_rule", "endpoint.host.wavespeed")
                .containsEntry("endpoint", "https://api.wavespeed.ai/api/v3/bytedance/seedream-v4")
                .containsEntry("response_time", 7.0).containsEntry("tokens_input", null);
        assertThat((String) row.get("units")).contains("\"image\"").contains("2");
    }

    @Test
    void failedSpans_storeTheStatusTheyName_or500_andTheirError() {
        Instant start = ago(40);
        SpanData limited = app.span("chat claude-sonnet-4", start, start.plusMillis(90), b -> b
                .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "anthropic")
                .setAttribute(REQUEST_MODEL, "claude-sonnet-4").setAttribute(SERVER, "api.anthropic.com")
                .setAttribute(ERROR_TYPE, "429").setAttribute(USER, "otel-failed"),
                s -> s.setStatus(StatusCode.ERROR, "rate limited: retry in 20 s"));
        SpanData timeout = app.span("chat claude-sonnet-4", start.plusSeconds(1), start.plusSeconds(31), b -> b
                .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "anthropic")
                .setAttribute(REQUEST_MODEL, "claude-sonnet-4")
                .setAttribute(ERROR_TYPE, "java.net.http.HttpTimeoutException").setAttribute(USER, "otel-failed"));

        assertThat(OtelSdk.succeeded(protobuf.export(List.of(limited, timeout)))).isTrue();

        assertThat(row(limited)).containsEntry("status_code", 429).containsEntry("error_message",
                "rate limited: retry in 20 s").containsEntry("actual_provider_name", "anthropic")
                .containsEntry("provider", "anthropic");
        assertThat(row(timeout)).containsEntry("status_code", 500)
                .containsEntry("error_message", "java.net.http.HttpTimeoutException")
                .containsEntry("endpoint", "otlp:chat").containsEntry("detection_source", "MODEL");
    }

    @Test
    void spanWithoutAUser_isARejectedSpanNamingUserId_whileTheBatchsOtherSpansAndTheResourcesUserCount() throws Exception {
        Instant start = ago(50);
        SpanData anonymous = app.span("chat gpt-4o", start, start.plusMillis(300), b -> b
                .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "openai")
                .setAttribute(REQUEST_MODEL, "gpt-4o").setAttribute(SERVER, "api.openai.com"));
        SpanData known = openAiChat("otel-known", "gpt-4o", start.plusSeconds(1));
        SpanData fromResource = appWithResourceUser.span("chat gpt-4o", start.plusSeconds(2),
                start.plusSeconds(3), b -> b.setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "openai")
                        .setAttribute(REQUEST_MODEL, "gpt-4o"));

        HttpResponse<byte[]> answer = post(OtelSdk.protobuf(List.of(anonymous, known, fromResource)),
                "application/x-protobuf", null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(answer.body());
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).startsWith("1 of 3 spans rejected; the first, span "
                + anonymous.getTraceId() + "/" + anonymous.getSpanId() + ": user.id no user");
        assertThat(count("idempotency_key = '" + key(anonymous) + "'")).isZero();
        assertThat(row(known)).containsEntry("user_id", "otel-known");
        assertThat(row(fromResource)).containsEntry("user_id", "resource-user");
    }

    @Test
    void nonGenAiSpans_andToolExecutions_areSkipped_notErrors() throws Exception {
        Instant start = ago(60);
        SpanData http = app.span("GET /orders", start, start.plusMillis(5), b -> b.setSpanKind(SpanKind.SERVER)
                .setAttribute(AttributeKey.stringKey("http.request.method"), "GET")
                .setAttribute(AttributeKey.longKey("http.response.status_code"), 200L)
                .setAttribute(USER, "otel-skipped"));
        SpanData tool = app.span("execute_tool get_weather", start, start.plusMillis(5), b -> b
                .setSpanKind(SpanKind.INTERNAL).setAttribute(OPERATION, "execute_tool")
                .setAttribute(USER, "otel-skipped"));

        HttpResponse<byte[]> answer = post(OtelSdk.json(List.of(http, tool)), "application/json", null);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(count("user_id = 'otel-skipped'")).isZero();
    }

    @Test
    void theSameBatchExportedTwice_isStoredOnce_andBothExportsSucceed() {
        Instant start = ago(70);
        List<SpanData> batch = List.of(openAiChat("otel-replay", "gpt-4o-mini", start),
                openAiChat("otel-replay", "gpt-4o-mini", start.plusSeconds(1)),
                openAiChat("otel-replay", "gpt-4o", start.plusSeconds(2)));

        assertThat(OtelSdk.succeeded(protobuf.export(batch))).isTrue();
        assertThat(OtelSdk.succeeded(protobuf.export(batch))).isTrue();
        assertThat(OtelSdk.succeeded(json.export(batch))).isTrue();

        assertThat(count("user_id = 'otel-replay'")).isEqualTo(3);
    }

    @Test
    void theProviderNameDecides_onlyWhenEndpointAndModelSayNothing_andTheEvidenceSaysSo() {
        Instant start = ago(80);
        SpanData span = app.span("chat house-model", start, start.plusMillis(200), b -> b
                .setAttribute(OPERATION, "chat").setAttribute(PROVIDER, "mistral_ai")
                .setAttribute(REQUEST_MODEL, "house-model-7").setAttribute(USER, "otel-hint"));

        assertThat(OtelSdk.succeeded(protobuf.export(List.of(span)))).isTrue();

        assertThat(row(span)).containsEntry("provider", "mistral").containsEntry("actual_provider_name", "mistral")
                .containsEntry("detection_source", "HINT").containsEntry("detection_rule", "hint.mistral_ai");
        // As a category alone, "mistral" is the original system's alias for HuggingFace: an application's event keeps it.
        assertThat(server.json(server.get("/api/detection/explain?category=mistral&model=house-model-7",
                TestTokens.forUser("otel-router")))
                .at("/provider/id").asText()).isEqualTo("huggingface");
    }

    @Test
    void failures_areOtlpAnswers_401_415_413_andAGzipBomb_storingNothing() throws Exception {
        long before = count("true");
        byte[] body = OtelSdk.protobuf(List.of(openAiChat("otel-refused", "gpt-4o", ago(90))));

        HttpResponse<byte[]> noKey = HTTP.send(HttpRequest.newBuilder(server.uri("/v1/traces"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.headers().firstValue("Content-Type").orElse("")).startsWith("application/x-protobuf");
        assertThat(new String(noKey.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("missing X-Api-Key");
        assertThat(noKey.body()[0]).as("google.rpc.Status: field 1, code 16 UNAUTHENTICATED").isEqualTo((byte) 0x08);
        assertThat(noKey.body()[1]).isEqualTo((byte) 16);

        // The SDK reports a refused export through java.util.logging, with the message it decoded from our Status.
        List<String> logged;
        try (OtelSdk.SdkLog log = new OtelSdk.SdkLog();
             OtlpHttpSpanExporter wrongKey = OtelSdk.protobufExporter(server, "not-a-key", false)) {
            assertThat(OtelSdk.succeeded(wrongKey.export(List.of(openAiChat("otel-refused", "gpt-4o", ago(91))))))
                    .isFalse();
            logged = log.messages();
        }
        assertThat(logged).anySatisfy(m -> assertThat(m).contains("401").contains("the X-Api-Key is not valid"));
        assertThat(post(body, "text/plain", null).statusCode()).isEqualTo(415);
        // Refused from its Content-Length, before the body is read: the upload may be cut off, so a plain socket.
        byte[] tooLarge = new byte[OtlpTracesHandler.MAX_BODY_BYTES + 1];
        var refused = org.usagelens.web.testing.RawHttp.exchange(server.uri("/").getPort(), ("POST /v1/traces HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: application/json\r\nX-Api-Key: " + TestServer.INGEST_KEY
                + "\r\nContent-Length: " + tooLarge.length + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                tooLarge);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.body()).contains("1 MiB");
        HttpResponse<byte[]> bomb = post(gzip(new byte[64 * 1024 * 1024]), "application/x-protobuf", "gzip");
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(new String(bomb.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("inflates past");
        assertThat(post(body, "application/x-protobuf", "br").statusCode()).isEqualTo(415);

        assertThat(count("true")).isEqualTo(before);
    }

    // ---------------------------------------------------------------- helpers

    static HttpResponse<byte[]> post(byte[] body, String contentType, String contentEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/v1/traces"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).header("X-Api-Key", TestServer.INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static String key(SpanData span) {
        return "otlp-" + span.getTraceId() + "-" + span.getSpanId();
    }

    private static Map<String, Object> row(SpanData span) {
        var db = server.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT user_id, provider::text AS provider,"
                     + " actual_provider_name, detection_source, detection_rule, model_used, endpoint, method,"
                     + " tokens_input, tokens_output, response_time, status_code, timestamp, error_message,"
                     + " cost_source, cost_total, units::text AS units FROM api_usage_logs WHERE idempotency_key = '"
                     + key(span) + "'")) {
            assertThat(rs.next()).as("a row for %s", key(span)).isTrue();
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.put(meta.getColumnLabel(i), rs.getObject(i));
            }
            assertThat(rs.next()).as("one row for %s", key(span)).isFalse();
            return row;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String where) {
        var db = server.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM api_usage_logs WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
