package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.web.testing.Events.batch;
import static org.usagelens.web.testing.Events.video;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/** POST /api/usage-events over real HTTP against PostgreSQL. */
class UsageEventsApiTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    private long rows(String sqlWhere) {
        var db = server.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM api_usage_logs WHERE " + sqlWhere)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String sum(String column, String sqlWhere) {
        var db = server.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT sum(" + column + ") FROM api_usage_logs WHERE " + sqlWhere)) {
            rs.next();
            return rs.getBigDecimal(1).stripTrailingZeros().toPlainString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sameBatchSentThreeTimes_leavesOneCopyOfEachEvent_andEachCostCountedOnce() {
        String body = batch(video("replay", "r1", "0.25", TestClock.standard().instant().minusSeconds(30)),
                video("replay", "r2", "0.5", TestClock.standard().instant().minusSeconds(20)));
        JsonNode first = server.json(server.postEvents(body));
        JsonNode second = server.json(server.postEvents(body));
        JsonNode third = server.json(server.postEvents(body));

        assertThat(first.get("stored").asInt()).isEqualTo(2);
        assertThat(second.get("duplicates").asInt()).isEqualTo(2);
        assertThat(third.get("duplicates").asInt()).isEqualTo(2);
        assertThat(third.get("results").get(0).get("status").asText()).isEqualTo("duplicate");
        assertThat(rows("user_id = 'replay'")).isEqualTo(2);
        assertThat(sum("cost_total", "user_id = 'replay'")).isEqualTo("0.75");
    }

    @Test
    void partialBatch_storesTheValidEvents_andRejectsTheOthersWithFieldAndReason() {
        String bad = video("partial", "p2").replace("\"status_code\":200", "\"status_code\":99");
        HttpResponse<String> response = server.postEvents(batch(video("partial", "p1"), bad, "42", video("partial", "p3")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode results = server.json(response).get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("stored");
        assertThat(results.get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(1).get("errors").get(0).get("field").asText()).isEqualTo("status_code");
        assertThat(results.get(1).get("errors").get(0).get("reason").asText()).isEqualTo("must be between 100 and 599");
        assertThat(results.get(2).get("status").asText()).isEqualTo("rejected");
        assertThat(results.get(2).get("errors").get(0).get("field").asText()).isEqualTo("events[2]");
        assertThat(results.get(3).get("status").asText()).isEqualTo("stored");
        assertThat(rows("user_id = 'partial'")).isEqualTo(2);
    }

    @Test
    void costsAsStringsAndNumbers_areKeptExactly() {
        String event = Events.event("exact", "e1", "gemini", "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent",
                "0.1234567891", 200, TestClock.standard().instant().minusSeconds(5)).replace("\"cost_input\":0", "\"cost_input\":0.0000000001");
        JsonNode result = server.json(server.postEvents(batch(event))).get("results").get(0);
        assertThat(result.get("status").asText()).isEqualTo("stored");
        assertThat(result.get("detection").get("provider").asText()).isEqualTo("google");
        assertThat(sum("cost_total", "user_id = 'exact'")).isEqualTo("0.1234567892");
    }

    @Test
    void missingOrWrongKey_is401_andStoresNothing() {
        String body = batch(video("nokey", "n1"));
        HttpResponse<String> missing = server.send(HttpRequest.newBuilder(server.uri("/api/usage-events"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(server.uri("/api/usage-events"))
                .header("X-Api-Key", "not-the-key").POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(server.json(missing).get("message").asText()).contains("X-Api-Key");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("not-the-key");
        assertThat(rows("user_id = 'nokey'")).isZero();
    }

    @Test
    void moreThanAThousandEvents_is413NamingTheLimit() {
        String body = batch(IntStream.range(0, 1001).mapToObj(i -> video("big", "b" + i)).toArray(String[]::new));
        HttpResponse<String> response = server.postEvents(body);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(server.json(response).get("message").asText()).contains("1000 events");
        assertThat(rows("user_id = 'big'")).isZero();
    }

    @Test
    void bodyOverOneMebibyte_is413NamingTheLimit() throws Exception {
        String padding = "x".repeat(1024 * 1024);
        String body = batch(video("huge", "h1").replace("\"method\":\"POST\"", "\"method\":\"POST\",\"error_message\":\"" + padding + "\""));
        // The server answers 413 from the headers and closes without reading the body, so the upload
        // may be cut off: write it from another thread, ignore a broken pipe, and read the answer.
        RawResponse response = rawPost(body);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("1 MiB");
        assertThat(rows("user_id = 'huge'")).isZero();
    }

    @Test
    void malformedJsonOrWrongShape_is400_andStoresNothing() {
        for (String body : List.of("{\"events\":[", "[]", "{\"events\":{}}", "{\"event\":[]}", "", "null",
                "{\"events\":[]}", "{\"events\":[{\"id\":\"x\"}]} trailing")) {
            HttpResponse<String> response = server.postEvents(body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(server.json(response).get("status").asInt()).isEqualTo(400);
        }
    }

    @Test
    void duplicateJsonKeys_areMalformed() {
        HttpResponse<String> response = server.postEvents("{\"events\":[],\"events\":[]}");
        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void parallelReplaysOfTheSameIds_storeEachEventOnce() throws Exception {
        String body = batch(IntStream.range(0, 50).mapToObj(i -> video("parallel", "k" + i)).toArray(String[]::new));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> server.json(server.postEvents(body)));
            }
            List<JsonNode> responses = new ArrayList<>();
            for (Future<JsonNode> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }
            int stored = responses.stream().mapToInt(r -> r.get("stored").asInt()).sum();
            int duplicates = responses.stream().mapToInt(r -> r.get("duplicates").asInt()).sum();
            assertThat(stored).isEqualTo(50);
            assertThat(duplicates).isEqualTo(50 * 15);
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("user_id = 'parallel'")).isEqualTo(50);
        assertThat(rows("user_id = 'parallel' AND actual_provider_name = 'wavespeed' AND detection_source = 'ENDPOINT'")).isEqualTo(50);
    }

    @Test
    void eachValidationRule_isEnforcedOverHttp_withFieldNames() {
        String base = video("rules", "v1");
        record Case(String from, String to, String field) {
        }
        List<Case> cases = List.of(
                new Case("\"user_id\":\"rules\"", "\"user_id\":\"\"", "user_id"),
                new Case("\"provider\":\"video\"", "\"provider\":\"wavespeed-ai\"", "provider"),
                new Case("\"tokens_input\":10", "\"tokens_input\":-1", "tokens_input"),
                new Case("\"cost_input\":0", "\"cost_input\":\"0.00000000001\"", "cost_input"),
                new Case("\"response_time\":1.5", "\"response_time\":-1", "response_time"),
                new Case("\"method\":\"POST\"", "\"method\":\"FETCH\"", "method"),
                new Case("\"status_code\":200", "\"status_code\":600", "status_code"));
        for (Case c : cases) {
            String body = batch(base.replace(c.from(), c.to()));
            JsonNode result = server.json(server.postEvents(body)).get("results").get(0);
            assertThat(result.get("status").asText()).as(c.to()).isEqualTo("rejected");
            assertThat(result.get("errors").findValuesAsText("field")).as(c.to()).contains(c.field());
        }
        assertThat(rows("user_id = 'rules' OR user_id = ''")).isZero();
    }

    @Test
    void futureTimestampAndMismatchedBillingPeriod_areRejected() {
        String future = video("time", "t1", "0.1", TestClock.standard().instant().plusSeconds(600));
        String period = video("time", "t2").replace("\"method\":\"POST\"", "\"method\":\"POST\",\"billing_period\":\"1999-01\"");
        JsonNode results = server.json(server.postEvents(batch(future, period))).get("results");
        assertThat(results.get(0).get("errors").get(0).get("field").asText()).isEqualTo("timestamp");
        assertThat(results.get(1).get("errors").get(0).get("field").asText()).isEqualTo("billing_period");
        assertThat(rows("user_id = 'time'")).isZero();
    }

    @Test
    void storedEvents_carryTheirDetectionEvidence() {
        server.postEvents(batch(Events.event("evidence", "a1", "audio", "tts-1", "https://api.openai.com/v1/audio/speech", "0.015", 200,
                TestClock.standard().instant().minusSeconds(3))));
        var db = server.database();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT actual_provider_name, detection_source, detection_rule, detection_rules_version, idempotency_key FROM api_usage_logs WHERE user_id = 'evidence'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("openai");
            assertThat(rs.getString(2)).isEqualTo("ENDPOINT");
            assertThat(rs.getString(3)).isNotBlank();
            assertThat(rs.getString(4)).isEqualTo(org.usagelens.detection.ProviderDetector.builtIn().rulesVersion());
            assertThat(rs.getString(5)).isEqualTo("a1");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private record RawResponse(int status, String body) {
    }

    private RawResponse rawPost(String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.net.URI uri = server.uri("/api/usage-events");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            String head = "POST /api/usage-events HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: application/json\r\n"
                    + "X-Api-Key: " + TestServer.INGEST_KEY + "\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            Thread writer = new Thread(() -> {
                try {
                    java.io.OutputStream out = socket.getOutputStream();
                    out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.flush();
                } catch (java.io.IOException cutOff) {
                    // the server answered early and closed: expected
                }
            });
            writer.start();
            java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                java.io.InputStream in = socket.getInputStream();
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // a reset after the answer, because the body was left unread: keep what arrived
            }
            String answer = received.toString(java.nio.charset.StandardCharsets.UTF_8);
            writer.join(10_000);
            int status = Integer.parseInt(answer.substring(9, 12));
            return new RawResponse(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    @org.junit.jupiter.api.Test
    void aFreeTextFieldOverItsLimit_isStoredCutWithAMarker_andTheResultSaysSo() {
        String agent = "agent/" + "x".repeat(700);
        String message = "quota " + "é".repeat(6000);
        String event = Events.video("cut", "c1").replace("\"timestamp\"", "\"user_agent\":\"" + agent
                + "\",\"error_message\":\"" + message + "\",\"timestamp\"");
        var response = server.postEvents(Events.batch(event));
        var result = server.json(response).get("results").get(0);
        assertThat(result.get("status").asText()).isEqualTo("stored");
        List<String> notes = new java.util.ArrayList<>();
        result.get("notes").forEach(n -> notes.add(n.asText()));
        assertThat(notes).hasSize(2).anySatisfy(n -> assertThat(n).startsWith("error_message was cut to"))
                .anySatisfy(n -> assertThat(n).startsWith("user_agent was cut to"));
        var log = server.json(server.get("/api/subscription/usage-logs", TestTokens.forUser("cut"))).get("logs").get(0);
        assertThat(log.get("error_message").asText()).startsWith("quota éé").endsWith("[truncated by UsageLens: "
                + (6 + 12000) + " bytes in all]");
        assertThat(log.get("error_message").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(8192);
    }
}
