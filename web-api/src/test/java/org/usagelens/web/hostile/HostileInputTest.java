package org.usagelens.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.Json;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.RawHttp;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * The hostile-input corpus against one real server on PostgreSQL: {@code hostile/corpus.jsonl} (hand-written
 * cases, each naming its expected answer) plus every string of {@code hostile/injections.jsonl} in every string
 * field of an event and in every query parameter. No case gets a 5xx; nothing is stored except a valid event,
 * which is then stored and read back byte-exact; no injected SQL runs (row count and canary rows unchanged).
 */
class HostileInputTest {
    /** String fields of an event; an injection may be stored (then byte-exact) or rejected. */
    private static final List<String> STRING_FIELDS = List.of("id", "user_id", "provider", "model_used", "endpoint",
            "method", "timestamp", "billing_period", "error_message", "user_agent", "ip_address", "actual_provider_name");
    /** Every string query parameter of every GET endpoint that takes one. */
    private static final List<String> QUERY_TARGETS = List.of(
            "/api/subscription/usage-logs?provider=", "/api/subscription/usage-logs?category=",
            "/api/subscription/usage-logs?status=", "/api/subscription/usage-logs?status_code=",
            "/api/subscription/usage-logs?billing_period=", "/api/subscription/usage-logs?from=",
            "/api/subscription/usage-logs?to=", "/api/subscription/usage-logs?limit=",
            "/api/subscription/usage-logs?offset=", "/api/subscription/usage-logs?cursor=",
            "/api/subscription/usage-logs?user_id=", "/api/subscription/usage-logs.csv?provider=",
            "/api/subscription/usage-logs.csv?cursor=", "/api/subscription/provider-analytics?billing_period=",
            "/api/subscription/provider-analytics?from=", "/api/subscription/provider-analytics?provider=",
            "/api/detection/explain?category=", "/api/detection/explain?model=", "/api/detection/explain?endpoint=",
            "/api/providers?");

    private static final ObjectMapper JSON = Json.mapper();
    private static TestServer server;
    private static Connection db;
    private static String canary;

    @BeforeAll
    static void start() throws SQLException {
        server = TestServer.start();
        var url = server.database();
        db = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        assertThat(server.postEvents(Events.batch(Events.video("canary", "c1"), Events.video("canary", "c2"),
                Events.video("hostile", "h1"))).statusCode()).isEqualTo(200);
        canary = canaryFingerprint();
    }

    @AfterAll
    static void stop() throws SQLException {
        db.close();
        server.close();
    }

    /** A case of the corpus: what to send and what the answer must be. */
    record HostileCase(String name, String method, String path, String auth, Map<String, String> headers,
                       byte[] body, String raw, String expect, String field) {
    }

    @TestFactory
    Stream<DynamicTest> corpus() {
        List<HostileCase> cases = corpusCases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    @TestFactory
    Stream<DynamicTest> injectionInEveryStringField() {
        List<String> injections = injections();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < injections.size(); i++) {
            for (String field : STRING_FIELDS) {
                String value = injections.get(i);
                int n = i;
                tests.add(DynamicTest.dynamicTest("injection-" + n + "-in-" + field, () -> injectField(n, field, value)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> injectionInEveryQueryParameter() {
        List<String> injections = injections();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < injections.size(); i++) {
            for (String target : QUERY_TARGETS) {
                String value = injections.get(i);
                tests.add(DynamicTest.dynamicTest("injection-" + i + "-in-" + target, () -> injectQuery(target, value)));
            }
        }
        return tests.stream();
    }

    /** A 10 MB body is refused with 413 before the server has read more than a sliver of it. */
    @Test
    void tenMegabyteBody_isRefusedBeforeItIsRead() {
        byte[] body = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        String head = "POST /api/usage-events HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestServer.INGEST_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        RawHttp.Answer answer = RawHttp.exchange(port(), head.getBytes(StandardCharsets.US_ASCII), body);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.bodyBytesSent()).as("body bytes sent before the 413").isLessThan(body.length / 2);
        String chunkedHead = "POST /api/usage-events HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestServer.INGEST_KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] chunks = chunked(body);
        RawHttp.Answer chunkedAnswer = RawHttp.exchange(port(), chunkedHead.getBytes(StandardCharsets.US_ASCII), chunks);
        assertThat(chunkedAnswer.status()).isEqualTo(413);
        assertThat(chunkedAnswer.bodyBytesSent()).as("chunked bytes sent before the 413").isLessThan(chunks.length);
    }

    private static byte[] chunked(byte[] body) {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += 65_536) {
            int n = Math.min(65_536, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void run(HostileCase c) throws Exception {
        long before = rows();
        RawHttp.Answer answer = send(c);
        String what = c.name() + " -> " + answer.status() + " " + abbreviate(answer.body());
        assertThat(answer.status()).as(what).isBetween(100, 499);
        switch (c.expect()) {
            case "4xx" -> assertThat(answer.status()).as(what).isBetween(400, 499);
            case "no5xx" -> assertThat(answer.status()).as(what).isLessThan(500);
            case "rejected" -> {
                assertThat(answer.status()).as(what).isEqualTo(200);
                JsonNode json = JSON.readTree(answer.body());
                assertThat(json.get("stored").asInt()).as(what).isZero();
                assertThat(json.get("rejected").asInt()).as(what).isEqualTo(json.get("results").size()).isPositive();
            }
            default -> assertThat(answer.status()).as(what).isEqualTo(Integer.parseInt(c.expect()));
        }
        assertThat(answer.headers()).as("security headers: " + what).containsEntry("x-content-type-options", "nosniff")
                .containsEntry("x-frame-options", "DENY").containsKey("content-security-policy");
        if (answer.status() >= 400 && !answer.body().isEmpty()) {
            assertThat(isJson(answer)).as("JSON error body: " + what).isTrue();
            JsonNode error = JSON.readTree(answer.body());
            assertThat(error.get("status").asInt()).as(what).isEqualTo(answer.status());
            if (c.field() != null) {
                assertThat(error.path("field").asText()).as("the field named: " + what).isEqualTo(c.field());
            }
        }
        assertThat(rows()).as("rows after " + c.name()).isEqualTo(before);
        assertThat(canaryFingerprint()).as("canary rows after " + c.name()).isEqualTo(canary);
    }

    private static void injectField(int n, String field, String value) throws Exception {
        long before = rows();
        String user = field.equals("user_id") ? value : "inj-" + n + "-" + field;
        String event = Events.video("placeholder", "inj-" + n + "-" + field);
        JsonNode node = JSON.readTree(event);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("user_id", user).put(field, value);
        String body = "{\"events\":[" + JSON.writeValueAsString(node) + "]}";
        var response = server.postEvents(body);
        String what = field + "=" + value + " -> " + response.statusCode() + " " + abbreviate(response.body());
        assertThat(response.statusCode()).as(what).isBetween(200, 499);
        long expectedRows = before;
        if (response.statusCode() == 200) {
            JsonNode result = server.json(response).get("results").get(0);
            assertThat(result.get("status").asText()).as(what).isIn("stored", "rejected");
            if (result.get("status").asText().equals("stored")) {
                expectedRows++;
                long logId = result.get("log_id").asLong();
                String column = field.equals("id") ? "idempotency_key" : field;
                assertThat(column(column, logId)).as("stored " + what).isEqualTo(value);
                readBack(user, logId, field, value);
            } else {
                assertThat(result.get("errors").findValuesAsText("field")).as(what).contains(field);
            }
        }
        assertThat(rows()).as(what).isEqualTo(expectedRows);
        assertThat(canaryFingerprint()).as(what).isEqualTo(canary);
    }

    /** The read API returns the stored value unchanged, JSON-escaped (the parsed JSON equals the sent string). */
    private static void readBack(String user, long logId, String field, String value) {
        var response = server.get("/api/subscription/usage-logs?limit=5", TestTokens.forUser(user));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode log = null;
        for (JsonNode l : server.json(response).get("logs")) {
            if (l.get("id").asLong() == logId) {
                log = l;
            }
        }
        assertThat(log).as("log " + logId + " of " + user).isNotNull();
        if (!field.equals("id") && log.has(field)) { // "id" of a log is its log id, not the client's key
            assertThat(log.get(field).asText()).isEqualTo(value);
        }
        // Served as JSON that browsers must not sniff; the dashboard escapes what it shows.
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    private static void injectQuery(String target, String value) throws Exception {
        long before = rows();
        var response = server.get(target + URLEncoder.encode(value, StandardCharsets.UTF_8), TestTokens.forUser("hostile"));
        String what = target + value + " -> " + response.statusCode() + " " + abbreviate(response.body());
        assertThat(response.statusCode()).as(what).isBetween(200, 499);
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            JsonNode json = JSON.readTree(response.body());
            if (target.startsWith("/api/detection/explain") && response.statusCode() == 200) {
                String param = target.substring(target.indexOf('?') + 1, target.length() - 1);
                assertThat(json.get(param).asText()).as(what).isEqualTo(value);
            }
            if (target.contains("usage-logs?") && response.statusCode() == 200) {
                json.get("logs").forEach(l -> assertThat(l.get("id").asLong()).isPositive());
                assertThat(json.get("total_count").asLong()).as("only the caller's rows: " + what).isLessThanOrEqualTo(1);
            }
        }
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(rows()).as(what).isEqualTo(before);
        assertThat(canaryFingerprint()).as(what).isEqualTo(canary);
    }

    private static RawHttp.Answer send(HostileCase c) {
        String token = TestTokens.forUser("hostile");
        if (c.raw() != null) {
            return RawHttp.exchange(port(), fill(c.raw(), token).getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder head = new StringBuilder(c.method()).append(' ').append(fill(c.path(), token))
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        switch (c.auth()) {
            case "ingest" -> head.append("X-Api-Key: ").append(TestServer.INGEST_KEY).append("\r\n");
            case "bearer" -> head.append("Authorization: Bearer ").append(token).append("\r\n");
            default -> {
            }
        }
        boolean contentType = false;
        for (var h : c.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(fill(h.getValue(), token)).append("\r\n");
            contentType |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        if (!contentType && c.body().length > 0) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(c.body().length).append("\r\n\r\n");
        return RawHttp.exchange(port(), head.toString().getBytes(StandardCharsets.UTF_8), c.body());
    }

    private static String fill(String template, String token) {
        return template.replace("{KEY}", TestServer.INGEST_KEY).replace("{TOKEN}", token);
    }

    private static int port() {
        return server.uri("/").getPort();
    }

    private static boolean isJson(RawHttp.Answer answer) {
        return answer.headers().getOrDefault("content-type", "").startsWith("application/json");
    }

    private static List<HostileCase> corpusCases() {
        String timestamp = TestClock.standard().instant().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        List<HostileCase> cases = new ArrayList<>();
        for (String line : lines("/hostile/corpus.jsonl")) {
            try {
                JsonNode n = JSON.readTree(line);
                Map<String, String> headers = new java.util.LinkedHashMap<>();
                if (n.has("headers")) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = n.get("headers").fields(); it.hasNext(); ) {
                        var e = it.next();
                        headers.put(e.getKey(), e.getValue().asText());
                    }
                }
                byte[] body = new byte[0];
                if (n.has("body")) {
                    body = n.get("body").asText().replace("{TS}", timestamp).getBytes(StandardCharsets.UTF_8);
                } else if (n.has("body_b64")) {
                    body = Base64.getDecoder().decode(n.get("body_b64").asText());
                } else if (n.has("body_repeat")) {
                    JsonNode r = n.get("body_repeat");
                    body = (r.get("prefix").asText() + r.get("unit").asText().repeat(r.get("times").asInt())
                            + r.get("suffix").asText()).getBytes(StandardCharsets.UTF_8);
                }
                cases.add(new HostileCase(n.get("name").asText(), n.get("method").asText(), n.get("path").asText(),
                        n.get("auth").asText(), headers, body, n.has("raw") ? n.get("raw").asText() : null,
                        n.get("expect").asText(), n.has("field") ? n.get("field").asText() : null));
            } catch (IOException e) {
                throw new UncheckedIOException("bad corpus line: " + line, e);
            }
        }
        return cases;
    }

    private static List<String> injections() {
        List<String> values = new ArrayList<>();
        for (String line : lines("/hostile/injections.jsonl")) {
            try {
                values.add(JSON.readTree(line).asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return values;
    }

    private static List<String> lines(String resource) {
        try (InputStream in = HostileInputTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long rows() throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM api_usage_logs")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String canaryFingerprint() throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery("SELECT md5(string_agg(id || '|' || user_id || '|' || "
                + "idempotency_key || '|' || model_used || '|' || cost_total::text, ',' ORDER BY id)) FROM api_usage_logs "
                + "WHERE user_id = 'canary'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String column(String column, long id) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("SELECT " + column + " FROM api_usage_logs WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
