package org.usagelens.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.web.testing.TestServer;

/**
 * Hostile OTLP bodies at {@code POST /v1/traces}: truncated protobuf, wrong content types, deeply nested attribute
 * values, 10,000 attributes, huge strings, bad ids, invalid UTF-8, too many spans and random bytes. Each gets a 4xx
 * (never a 5xx) and stores nothing, not even the valid GenAI span each request also carries.
 */
class OtlpHostileInputTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private static KeyValue attr(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    /** A GenAI span that alone would be stored: hostile requests carry it, so "stores nothing" can fail. */
    private static Span.Builder validSpan(int n) {
        long end = server.clock().instant().minusSeconds(120).toEpochMilli() * 1_000_000L;
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        new Random(n).nextBytes(traceId);
        new Random(n + 1_000_000L).nextBytes(spanId);
        traceId[0] = 1;
        spanId[0] = 1;
        return Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                .setName("chat gpt-4o").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(end - 500_000_000L).setEndTimeUnixNano(end)
                .addAttributes(attr("gen_ai.operation.name", str("chat")))
                .addAttributes(attr("gen_ai.provider.name", str("openai")))
                .addAttributes(attr("gen_ai.request.model", str("gpt-4o")))
                .addAttributes(attr("user.id", str("hostile-" + n)));
    }

    private static byte[] request(Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build().toByteArray();
    }

    /** The valid span and a second one changed by {@code hostile}. */
    private static byte[] withHostileSpan(int n, UnaryOperator<Span.Builder> hostile) {
        return request(validSpan(n).build(), hostile.apply(validSpan(n + 500)).build());
    }

    private static HttpResponse<String> post(byte[] body, String contentType) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/v1/traces"))
                    .timeout(Duration.ofSeconds(30)).header("X-Api-Key", TestServer.INGEST_KEY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refused(byte[] body, String contentType, int status, String why) {
        HttpResponse<String> answer = post(body, contentType);
        assertThat(answer.statusCode()).as("%s: %s", why, answer.body()).isEqualTo(status);
    }

    private static long stored() {
        var db = server.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM api_usage_logs WHERE user_id LIKE 'hostile-%' AND user_id <> 'hostile-70'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theValidSpanAlone_isStored_soEveryRefusalBelowIsMeaningful() {
        HttpResponse<String> answer = post(request(validSpan(1).build()), PROTOBUF);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(stored()).isEqualTo(1);
        var db = server.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            c.createStatement().execute("DELETE FROM api_usage_logs WHERE user_id LIKE 'hostile-%'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void truncatedProtobuf_is400_atEveryCutTried() {
        byte[] whole = withHostileSpan(10, s -> s);
        Random random = new Random(1810);
        List<Integer> cuts = new ArrayList<>(List.of(1, 2, whole.length / 2, whole.length - 1));
        for (int i = 0; i < 40; i++) {
            cuts.add(1 + random.nextInt(whole.length - 1));
        }
        for (int cut : cuts) {
            refused(java.util.Arrays.copyOf(whole, cut), PROTOBUF, 400, "cut at " + cut + " of " + whole.length);
        }
        assertThat(stored()).isZero();
    }

    @Test
    void wrongContentTypes_are415_andMismatchedBodies400() {
        byte[] protobuf = withHostileSpan(20, s -> s);
        for (String type : new String[] {"text/plain", "application/xml", "multipart/form-data; boundary=x",
                "application/grpc", "application/x-www-form-urlencoded"}) {
            refused(protobuf, type, 415, type);
        }
        refused(protobuf, null, 415, "no Content-Type");
        refused(protobuf, JSON, 400, "protobuf sent as JSON");
        refused("{\"resourceSpans\":[]}".getBytes(StandardCharsets.UTF_8), PROTOBUF, 400, "JSON sent as protobuf");
        assertThat(stored()).isZero();
    }

    @Test
    void deeplyNestedAttributeValues_are400_pastOurBoundAndPastProtobufsRecursionLimit() {
        for (int depth : new int[] {9, 40, 200}) {
            AnyValue nested = str("bottom");
            for (int i = 0; i < depth; i++) {
                nested = i % 2 == 0
                        ? AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(nested)).build()
                        : AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(attr("k", nested)))
                                .build();
            }
            AnyValue value = nested;
            refused(withHostileSpan(30 + depth, s -> s.addAttributes(attr("deep", value))), PROTOBUF, 400,
                    "nested " + depth);
        }
        StringBuilder json = new StringBuilder("{\"stringValue\":\"bottom\"}");
        for (int i = 0; i < 300; i++) {
            json.insert(0, "{\"arrayValue\":{\"values\":[").append("]}}");
        }
        refused(jsonRequest("{\"key\":\"deep\",\"value\":" + json + "}"), JSON, 400, "JSON nested 300");
        assertThat(stored()).isZero();
    }

    @Test
    void tenThousandAttributes_are400_inProtobufAndJson() {
        refused(withHostileSpan(40, s -> {
            for (int i = 0; i < 10_000; i++) {
                s.addAttributes(attr("a" + i, str("v")));
            }
            return s;
        }), PROTOBUF, 400, "10,000 attributes");
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            attributes.append(i == 0 ? "" : ",").append("{\"key\":\"a").append(i).append("\",\"value\":{\"intValue\":1}}");
        }
        refused(jsonRequest(attributes.toString()), JSON, 400, "10,000 attributes as JSON");
        refused(withHostileSpan(41, s -> {
            ArrayValue.Builder many = ArrayValue.newBuilder();
            for (int i = 0; i < 5_000; i++) {
                many.addValues(AnyValue.newBuilder().setIntValue(i));
            }
            return s.addAttributes(attr("many", AnyValue.newBuilder().setArrayValue(many).build()));
        }), PROTOBUF, 400, "an array of 5,000 values");
        assertThat(stored()).isZero();
    }

    @Test
    void hugeStrings_are400_asValueKeyNameAndUser() {
        String huge = "x".repeat(200_000);
        refused(withHostileSpan(50, s -> s.addAttributes(attr("gen_ai.input.messages", str(huge)))), PROTOBUF, 400,
                "huge value");
        refused(withHostileSpan(51, s -> s.addAttributes(attr(huge.substring(0, 5_000), str("v")))), PROTOBUF, 400,
                "huge key");
        refused(withHostileSpan(52, s -> s.setName(huge)), PROTOBUF, 400, "huge span name");
        refused(withHostileSpan(53, s -> s.addAttributes(0, attr("user.id", str(huge)))), PROTOBUF, 400, "huge user");
        refused(withHostileSpan(54, s -> s.addAttributes(attr("blob",
                AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[100_000])).build()))), PROTOBUF, 400,
                "huge bytes");
        assertThat(stored()).isZero();
    }

    @Test
    void badIdsInJson_invalidUtf8_andTooManySpans_are4xx() {
        refused(("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"not-hex!\",\"spanId\":\"00f067aa0ba902b7\""
                + ",\"name\":\"chat\"}]}]}]}").getBytes(StandardCharsets.UTF_8), JSON, 400, "trace id not hex");
        byte[] body = request(validSpan(60).setName("chat \u00e9").build());
        byte[] name = "chat \u00e9".getBytes(StandardCharsets.UTF_8);
        int at = indexOf(body, name);
        body[at + name.length - 1] = (byte) 0xFF; // the second byte of é: no longer UTF-8
        refused(body, PROTOBUF, 400, "invalid UTF-8 in a string field");
        Span[] spans = new Span[1001];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = validSpan(1_000 + i).build();
        }
        refused(request(spans), PROTOBUF, 413, "1001 spans");
        assertThat(stored()).isZero();
    }

    @Test
    void randomBytes_neverGetA5xx_andStoreNothing() {
        Random random = new Random(18);
        byte[] valid = request(validSpan(70).build());
        for (int i = 0; i < 200; i++) {
            byte[] body;
            if (i % 2 == 0) {
                body = new byte[random.nextInt(2_000)];
                random.nextBytes(body);
            } else {
                body = valid.clone(); // one valid request with a few bytes flipped
                for (int flips = 0; flips < 1 + random.nextInt(4); flips++) {
                    body[random.nextInt(body.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            HttpResponse<String> answer = post(body, i % 3 == 0 ? JSON : PROTOBUF);
            assertThat(answer.statusCode()).as("body %d: %s", i, answer.body()).isLessThan(500);
        }
        // A flipped byte may leave a valid request (one inside a model name, say), which may store hostile-70's span,
        // and nothing else: stored() leaves that user out.
        assertThat(stored()).isZero();
    }

    private static byte[] jsonRequest(String attributes) {
        long end = server.clock().instant().minusSeconds(120).toEpochMilli() * 1_000_000L;
        return ("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\","
                + "\"spanId\":\"b7ad6b7169203331\",\"name\":\"chat\",\"startTimeUnixNano\":\"" + (end - 1000) + "\","
                + "\"endTimeUnixNano\":\"" + end + "\",\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":"
                + "{\"stringValue\":\"chat\"}},{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}},"
                + "{\"key\":\"user.id\",\"value\":{\"stringValue\":\"hostile-json\"}}," + attributes + "]}]}]}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
