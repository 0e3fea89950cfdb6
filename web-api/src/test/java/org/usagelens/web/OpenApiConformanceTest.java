package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.Seeds;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * Real responses of every endpoint, valid against the OpenAPI document the server publishes: the
 * document cannot drift from the code without this test failing.
 */
class OpenApiConformanceTest {
    private static final String BASE = "https://usagelens.org/openapi.json";
    private static TestServer server;
    private static JsonNode document;
    private static SchemaRegistry registry;
    private static final Set<String> checked = new HashSet<>();

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        Seeds.insert(server.database(), Seeds.demo(TestClock.standard().instant(), 300, 5));
        String text;
        try (InputStream in = OpenApiConformanceTest.class.getResourceAsStream(OpenApiHandler.RESOURCE)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        document = new ObjectMapper().readTree(text);
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(BASE, text)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Validates a JSON response against the schema the document gives for this operation and status. */
    private static void conforms(String method, String path, HttpResponse<String> response) {
        JsonNode responseSpec = document.at("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method
                + "/responses/" + response.statusCode());
        assertThat(responseSpec.isMissingNode()).as("%s %s documents status %d", method, path, response.statusCode()).isFalse();
        if (responseSpec.has("$ref")) {
            responseSpec = document.at(responseSpec.get("$ref").asText().substring(1));
        }
        JsonNode schemaNode = responseSpec.at("/content/application~1json/schema");
        assertThat(schemaNode.isMissingNode()).as("%s %s %d has a JSON schema", method, path, response.statusCode()).isFalse();
        String pointer = schemaNode.has("$ref") ? schemaNode.get("$ref").asText()
                : "#" + "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/"
                + response.statusCode() + "/content/application~1json/schema";
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + pointer));
        List<Error> errors = schema.validate(response.body(), InputFormat.JSON);
        assertThat(errors).as("%s %s %d: %s", method, path, response.statusCode(), response.body()).isEmpty();
        checked.add(method + " " + path);
    }

    @Test
    void everyEndpointsResponses_matchTheDocument() {
        String token = TestTokens.forUser(org.usagelens.domain.service.DemoData.DEMO_USER);
        HttpResponse<String> ingest = server.postEvents(Events.batch(Events.video("oa", "1"), Events.video("oa", "1"),
                Events.video("oa", "2").replace("\"status_code\":200", "\"status_code\":1")));
        conforms("post", "/api/usage-events", ingest);
        conforms("post", "/api/usage-events", server.postEvents("{"));
        conforms("post", "/api/usage-events", server.send(HttpRequest.newBuilder(server.uri("/api/usage-events"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))));
        conforms("post", "/api/usage-events", server.send(HttpRequest.newBuilder(server.uri("/api/usage-events"))
                .header("X-Api-Key", TestServer.INGEST_KEY).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))));

        conforms("post", "/v1/traces", otlpJson(otlpSpan("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                "\"key\":\"user.id\",\"value\":{\"stringValue\":\"oa\"}")
                + "," + otlpSpan("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b8", "\"key\":\"x\",\"value\":{}"),
                "application/json", TestServer.INGEST_KEY));
        conforms("post", "/v1/traces", otlpJson("", "application/json", TestServer.INGEST_KEY));
        conforms("post", "/v1/traces", otlpJson("{", "application/json", TestServer.INGEST_KEY));
        conforms("post", "/v1/traces", otlpJson("", "application/json", null));
        conforms("post", "/v1/traces", otlpJson("", "text/plain", TestServer.INGEST_KEY));

        conforms("get", "/api/subscription/usage-logs", server.get("/api/subscription/usage-logs?limit=100", token));
        conforms("get", "/api/subscription/usage-logs", server.get("/api/subscription/usage-logs?limit=0", token));
        conforms("get", "/api/subscription/usage-logs", server.get("/api/subscription/usage-logs", null));
        conforms("get", "/api/subscription/usage-logs", server.get("/api/subscription/usage-logs?user_id=x", token));
        conforms("get", "/api/subscription/provider-analytics", server.get("/api/subscription/provider-analytics", token));
        conforms("get", "/api/subscription/provider-analytics",
                server.get("/api/subscription/provider-analytics?billing_period=1999-01", token));
        conforms("get", "/api/subscription/provider-analytics", server.get("/api/subscription/provider-analytics?status=x", token));
        conforms("get", "/api/subscription/usage-logs.csv", server.get("/api/subscription/usage-logs.csv?limit=1", token));
        conforms("get", "/api/subscription/provider-trends", server.get("/api/subscription/provider-trends", token));
        conforms("get", "/api/subscription/provider-trends", server.get("/api/subscription/provider-trends?months=36&through=2026-01", token));
        conforms("get", "/api/subscription/provider-trends", server.get("/api/subscription/provider-trends?months=37", token));
        conforms("get", "/api/subscription/provider-trends", server.get("/api/subscription/provider-trends", null));
        conforms("get", "/api/subscription/provider-trends", server.get("/api/subscription/provider-trends?user_id=x", token));
        conforms("get", "/api/providers", server.get("/api/providers", null));
        conforms("get", "/api/prices", server.get("/api/prices?provider=openai&model=gpt-4o", null));
        conforms("get", "/api/prices", server.get("/api/prices?unit=pixels", null));
        conforms("post", "/api/usage-events", server.postEvents(Events.batch(Events.event("oa", "priced", "openai",
                "gpt-4o-mini", "/v1/chat/completions", "0", 200, TestClock.standard().instant())
                .replace("\"cost_input\":0,\"cost_output\":\"0\",", "").replace("\"tokens_input\":10", "\"units\":{\"image\":1},\"tokens_input\":10"),
                Events.event("oa", "long-error", "openai", "gpt-4o-mini", "/v1/chat/completions", "0", 500,
                        TestClock.standard().instant()).replace("\"timestamp\"", "\"error_message\":\"" + "x".repeat(9000) + "\",\"timestamp\""))));
        conforms("get", "/api/detection/explain", server.get("/api/detection/explain?category=video&model=google/veo3", token));
        conforms("get", "/api/detection/explain", server.get("/api/detection/explain?bogus=1", token));
        conforms("get", "/api/detection/explain", server.get("/api/detection/explain", null));
        conforms("get", "/api/auth/config", server.get("/api/auth/config", null));
        conforms("post", "/api/auth/demo-token", server.send(HttpRequest.newBuilder(server.uri("/api/auth/demo-token"))
                .POST(HttpRequest.BodyPublishers.noBody())));
        conforms("get", "/health", server.get("/health", null));

        HttpResponse<String> csv = server.get("/api/subscription/usage-logs.csv", token);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        checked.add("get /api/subscription/usage-logs.csv");
        HttpResponse<String> metrics = server.get("/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("usagelens_http_requests_total").contains("usagelens_events_ingested_total")
                .contains("usagelens_detections_total").contains("usagelens_db_pool_connections");
        checked.add("get /metrics");
        HttpResponse<String> openapi = server.get("/openapi.json", null);
        assertThat(server.json(openapi).get("openapi").asText()).isEqualTo("3.1.0");
        checked.add("get /openapi.json");

        Set<String> documented = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            var path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method + " " + path.getKey()));
        }
        assertThat(checked).as("every documented operation is exercised").containsAll(documented);
    }

    /** A GenAI span in OTLP's JSON encoding, with one more attribute; {@code ""} for spans means an empty request. */
    private static String otlpSpan(String traceId, String spanId, String attribute) {
        long end = TestClock.standard().instant().minusSeconds(60).toEpochMilli() * 1_000_000L;
        return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\",\"name\":\"chat\",\"kind\":3,"
                + "\"startTimeUnixNano\":\"" + (end - 5_000_000L) + "\",\"endTimeUnixNano\":\"" + end + "\","
                + "\"attributes\":[{\"key\":\"gen_ai.operation.name\",\"value\":{\"stringValue\":\"chat\"}},"
                + "{\"key\":\"gen_ai.request.model\",\"value\":{\"stringValue\":\"gpt-4o\"}},{" + attribute + "}]}";
    }

    private static HttpResponse<String> otlpJson(String spans, String contentType, String key) {
        String body = spans.equals("{") ? "{" : "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}";
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri("/v1/traces")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return server.send(request);
    }

    @Test
    void theDocumentItselfIsValidOpenApi31Json() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
    }
}
