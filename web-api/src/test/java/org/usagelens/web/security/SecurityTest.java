package org.usagelens.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.LoggerFactory;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.RawHttp;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.wiring.ServerMain;
import org.usagelens.web.wiring.ServerSettings;

/**
 * Security over real HTTP: a matrix of every token-protected endpoint against every kind of bad token on an
 * HS256 server and on an RS256 server (incl. the public-key-as-HMAC-secret confusion), security headers on
 * every answer including errors, ingest keys never logged or echoed, and no request that turns demo mode on.
 */
class SecurityTest {
    private static final List<String> PROTECTED = List.of("/api/subscription/usage-logs",
            "/api/subscription/usage-logs.csv", "/api/subscription/provider-analytics",
            "/api/subscription/provider-recommendations", "/api/subscription/provider-trends");
    private static final KeyPair RSA = rsa();
    private static final KeyPair OTHER_RSA = rsa();
    private static TestServer hs;
    private static TestServer rs;

    @BeforeAll
    static void start() {
        hs = TestServer.start();
        DatabaseUrl db = TestDatabases.fresh();
        rs = TestServer.start(new ServerSettings("127.0.0.1", 0, Path.of("target/test-data"), db.jdbcUrl(), db.user(),
                db.password(), List.of(TestServer.INGEST_KEY), null, pem(RSA), null, false, 4), db);
        for (TestServer s : List.of(hs, rs)) {
            assertThat(s.postEvents(Events.batch(Events.video("alice", "a1"), Events.video("bob", "b1"),
                    Events.video("bob", "b2"))).statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        hs.close();
        rs.close();
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static JWTClaimsSet.Builder claims(String user) {
        return new JWTClaimsSet.Builder().subject(user).expirationTime(Date.from(TestClock.standard().instant().plusSeconds(600)));
    }

    private static String hmac(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rs256(KeyPair pair, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner(pair.getPrivate()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String tamperPayload(String token) {
        String[] p = token.split("\\.");
        return p[0] + "." + b64("{\"sub\":\"bob\",\"exp\":" + (TestClock.standard().instant().getEpochSecond() + 600) + "}") + "." + p[2];
    }

    private static String tamperSignature(String token) {
        char last = token.charAt(token.length() - 5);
        return token.substring(0, token.length() - 5) + (last == 'A' ? 'B' : 'A') + token.substring(token.length() - 4);
    }

    /** Bad tokens for a server verifying with {@code valid}'s key; each must be refused with 401. */
    private static Map<String, String> badTokens(String valid, boolean rsServer) {
        byte[] secret = TestServer.JWT_SECRET.getBytes(StandardCharsets.UTF_8);
        Map<String, String> t = new LinkedHashMap<>();
        long exp = TestClock.standard().instant().getEpochSecond() + 600;
        t.put("alg-none", b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"alice\",\"exp\":" + exp + "}") + ".");
        t.put("alg-None-with-signature", b64("{\"alg\":\"None\"}") + "." + b64("{\"sub\":\"alice\",\"exp\":" + exp + "}") + ".c2ln");
        t.put("expired", rsServer ? rs256(RSA, claims("alice").expirationTime(Date.from(TestClock.standard().instant().minusSeconds(600))).build())
                : TestTokens.hs256(TestServer.JWT_SECRET, "alice", null, TestClock.standard().instant().minusSeconds(600)));
        t.put("not-yet-valid", rsServer
                ? rs256(RSA, claims("alice").notBeforeTime(Date.from(TestClock.standard().instant().plusSeconds(3600))).build())
                : hmac(JWSAlgorithm.HS256, secret, claims("alice").notBeforeTime(Date.from(TestClock.standard().instant().plusSeconds(3600))).build()));
        t.put("no-exp", rsServer ? rs256(RSA, new JWTClaimsSet.Builder().subject("alice").build())
                : TestTokens.hs256(TestServer.JWT_SECRET, "alice", null, null));
        t.put("no-sub", rsServer ? rs256(RSA, new JWTClaimsSet.Builder().expirationTime(Date.from(TestClock.standard().instant().plusSeconds(600))).build())
                : hmac(JWSAlgorithm.HS256, secret, new JWTClaimsSet.Builder().expirationTime(Date.from(TestClock.standard().instant().plusSeconds(600))).build()));
        t.put("tampered-payload", tamperPayload(valid));
        t.put("tampered-signature", tamperSignature(valid));
        t.put("signature-stripped", valid.substring(0, valid.lastIndexOf('.') + 1));
        t.put("hs384-same-secret", hmac(JWSAlgorithm.HS384, (TestServer.JWT_SECRET + "-padded-to-48-bytes!").getBytes(StandardCharsets.UTF_8), claims("alice").build()));
        t.put("hs256-other-secret", hmac(JWSAlgorithm.HS256, "another-secret-that-is-at-least-32-bytes".getBytes(StandardCharsets.UTF_8), claims("alice").build()));
        t.put("rs256-other-key", rs256(OTHER_RSA, claims("alice").build()));
        if (rsServer) {
            t.put("hs256-with-the-server-secret-of-another-config", hmac(JWSAlgorithm.HS256, secret, claims("alice").build()));
            t.put("hs256-public-key-as-hmac-secret", hmac(JWSAlgorithm.HS256, pem(RSA).getBytes(StandardCharsets.UTF_8), claims("alice").build()));
            t.put("hs256-public-key-der-as-hmac-secret", hmac(JWSAlgorithm.HS256, RSA.getPublic().getEncoded(), claims("alice").build()));
        } else {
            t.put("rs256-when-hs256-configured", rs256(RSA, claims("alice").build()));
        }
        t.put("not-a-jwt", "not-a-jwt");
        t.put("empty-segments", "..");
        t.put("huge", "a".repeat(6000));
        return t;
    }

    @TestFactory
    Stream<DynamicTest> everyProtectedEndpoint_refusesEveryBadToken_onHs256AndRs256Servers() {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean rsServer : List.of(false, true)) {
            TestServer server = rsServer ? rs : hs;
            String valid = rsServer ? rs256(RSA, claims("alice").build()) : TestTokens.forUser("alice");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("missing", null);
            headers.put("empty", "");
            headers.put("basic", "Basic YWxpY2U6cGFzcw==");
            headers.put("bearer-without-token", "Bearer ");
            headers.put("token-without-scheme", valid);
            badTokens(valid, rsServer).forEach((k, v) -> headers.put(k, "Bearer " + v));
            for (String endpoint : PROTECTED) {
                for (var h : headers.entrySet()) {
                    tests.add(DynamicTest.dynamicTest((rsServer ? "RS256 " : "HS256 ") + endpoint + " " + h.getKey(), () -> {
                        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(endpoint)).GET();
                        if (h.getValue() != null) {
                            b.header("Authorization", h.getValue());
                        }
                        HttpResponse<String> response = server.send(b);
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
                        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                        assertThat(response.body()).doesNotContain("alice\",\"", "b1", "a1");
                    }));
                }
                tests.add(DynamicTest.dynamicTest((rsServer ? "RS256 " : "HS256 ") + endpoint + " token-in-query-string", () -> {
                    HttpResponse<String> response = server.get(endpoint + "?token=" + valid + "&access_token=" + valid, null);
                    assertThat(response.statusCode()).isIn(400, 401);
                }));
                tests.add(DynamicTest.dynamicTest((rsServer ? "RS256 " : "HS256 ") + endpoint + " valid-token-sees-only-own-rows", () -> {
                    assertThat(server.get(endpoint, valid).statusCode()).isEqualTo(200);
                    assertThat(server.get(endpoint + "?user_id=bob", valid).statusCode()).isEqualTo(403);
                }));
            }
            tests.add(DynamicTest.dynamicTest((rsServer ? "RS256 " : "HS256 ") + "wrong user never sees another's rows", () -> {
                var alice = server.json(server.get("/api/subscription/usage-logs", valid));
                assertThat(alice.get("total_count").asLong()).isEqualTo(1);
                String csv = server.get("/api/subscription/usage-logs.csv", valid).body();
                assertThat(csv.lines().count()).isEqualTo(2);
                var analytics = server.json(server.get("/api/subscription/provider-analytics", valid));
                assertThat(analytics.get("totals").get("calls").asLong()).isEqualTo(1);
            }));
        }
        return tests.stream();
    }

    /** Every endpoint and every kind of error answer carries the security headers. */
    @TestFactory
    Stream<DynamicTest> securityHeaders_onEveryEndpoint_andEveryError() {
        String token = TestTokens.forUser("alice");
        Map<String, HttpRequest.Builder> requests = new LinkedHashMap<>();
        for (String path : List.of("/", "/analytics", "/health", "/metrics", "/openapi.json", "/api/providers",
                "/api/detection/explain?model=gpt-4o", "/api/auth/config", "/nope", "/api/nope",
                "/api/providers?bogus=1", "/api/subscription/usage-logs?limit=0")) {
            requests.put("GET " + path, HttpRequest.newBuilder(hs.uri(path)).GET().header("Authorization", "Bearer " + token));
        }
        for (String path : PROTECTED) {
            requests.put("GET " + path + " (200)", HttpRequest.newBuilder(hs.uri(path)).GET().header("Authorization", "Bearer " + token));
            requests.put("GET " + path + " (401)", HttpRequest.newBuilder(hs.uri(path)).GET());
        }
        requests.put("POST /api/auth/demo-token (404)", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token")).POST(HttpRequest.BodyPublishers.noBody()));
        requests.put("POST /api/usage-events (401)", HttpRequest.newBuilder(hs.uri("/api/usage-events")).POST(HttpRequest.BodyPublishers.ofString("{}")));
        requests.put("POST /api/usage-events (400)", HttpRequest.newBuilder(hs.uri("/api/usage-events")).header("X-Api-Key", TestServer.INGEST_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{")));
        requests.put("POST /api/usage-events (200)", HttpRequest.newBuilder(hs.uri("/api/usage-events")).header("X-Api-Key", TestServer.INGEST_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Events.batch(Events.video("h", "h1")))));
        requests.put("POST /api/usage-events (415)", HttpRequest.newBuilder(hs.uri("/api/usage-events")).header("X-Api-Key", TestServer.INGEST_KEY)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(Events.batch(Events.video("h", "h2")))));
        requests.put("DELETE /health", HttpRequest.newBuilder(hs.uri("/health")).DELETE());
        List<DynamicTest> tests = new ArrayList<>();
        requests.forEach((name, request) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            HttpResponse<String> r = hs.send(request);
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            assertSecurityHeaders(name + " -> " + r.statusCode(), headers, name.contains(" /api/"));
        })));
        String asset = staticAsset();
        tests.add(DynamicTest.dynamicTest("GET static " + asset, () -> {
            HttpResponse<String> r = hs.get(asset, null);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, String> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            assertSecurityHeaders(asset, headers, false);
        }));
        for (var raw : Map.of("413 declared 10 MB", "POST /api/usage-events HTTP/1.1\r\nHost: x\r\nX-Api-Key: " + TestServer.INGEST_KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: 10485760\r\n\r\n",
                "431 header too large", "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20000) + "\r\n\r\n",
                "414 URI too long", "GET /" + "a".repeat(10000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "400 bad request line", "GARBAGE\r\n\r\n",
                "400 bad Content-Length", "POST /api/usage-events HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n").entrySet()) {
            tests.add(DynamicTest.dynamicTest("raw " + raw.getKey(), () -> {
                RawHttp.Answer a = RawHttp.exchange(hs.uri("/").getPort(), raw.getValue().getBytes(StandardCharsets.UTF_8));
                assertThat(a.status()).isEqualTo(Integer.parseInt(raw.getKey().substring(0, 3)));
                assertSecurityHeaders(raw.getKey(), a.headers(), true);
                assertThat(a.headers().get("content-type")).startsWith("application/json");
            }));
        }
        return tests.stream();
    }

    private static String staticAsset() {
        String html = hs.get("/", null).body();
        int i = html.indexOf("/assets/");
        assertThat(i).as("the dashboard page links its assets").isPositive();
        return html.substring(i, html.indexOf('"', i));
    }

    private static void assertSecurityHeaders(String what, Map<String, String> h, boolean noStore) {
        assertThat(h).as(what).containsEntry("x-content-type-options", "nosniff").containsEntry("x-frame-options", "DENY")
                .containsEntry("referrer-policy", "no-referrer");
        assertThat(h.get("content-security-policy")).as(what).contains("default-src 'self'", "frame-ancestors 'none'");
        if (noStore) {
            assertThat(h.get("cache-control")).as(what).contains("no-store");
        }
    }

    /** With the shipped logging configuration (and our loggers at DEBUG), no key appears in logs or answers. */
    @Test
    void ingestKeys_areNeverLoggedNorEchoed() {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logs.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger ours = logs.getLogger("org.usagelens");
        Level rootLevel = root.getLevel();
        Level oursLevel = ours.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(logs);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
        String wrongKey = "wrong-key-" + java.util.UUID.randomUUID();
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            String body = Events.batch(Events.video("keys", "k1"));
            for (String key : List.of(TestServer.INGEST_KEY, wrongKey)) {
                for (String b : List.of(body, "{", "{\"events\":[1]}")) {
                    responses.add(hs.send(HttpRequest.newBuilder(hs.uri("/api/usage-events?api_key=" + key))
                            .header("X-Api-Key", key).header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(b))));
                }
                // Over 1 MiB: refused from its Content-Length and the connection closed without reading the body, so
                // a client still uploading may see a reset before the answer; a plain socket reads the answer anyway.
                byte[] oversize = "x".repeat(2_000_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                RawHttp.Answer refused = RawHttp.exchange(hs.uri("/").getPort(), ("POST /api/usage-events?api_key=" + key
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Api-Key: " + key
                        + "\r\nAuthorization: Bearer " + key + "\r\nContent-Length: " + oversize.length + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII), oversize);
                assertThat(refused.status()).as("an oversize body with " + (key.equals(wrongKey) ? "a wrong" : "the") + " key")
                        .isEqualTo(key.equals(wrongKey) ? 401 : 413);
                assertThat(refused.body() + refused.headers()).doesNotContain(TestServer.INGEST_KEY, wrongKey);
                responses.add(hs.get("/api/subscription/usage-logs?key=" + key, key));
                responses.add(hs.get("/api/detection/explain?model=" + key, TestTokens.forUser("keys")));
            }
        } finally {
            root.detachAppender(captured);
            root.setLevel(rootLevel);
            ours.setLevel(oursLevel);
        }
        assertThat(captured.list).as("the requests were logged").isNotEmpty();
        for (ILoggingEvent e : captured.list) {
            String text = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))
                    + e.getMDCPropertyMap();
            assertThat(text).doesNotContain(TestServer.INGEST_KEY, wrongKey);
        }
        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> r = responses.get(i);
            boolean explainEcho = r.uri().getPath().equals("/api/detection/explain");
            if (!explainEcho) {
                assertThat(r.body()).as(r.uri().getPath()).doesNotContain(TestServer.INGEST_KEY, wrongKey);
            }
            assertThat(r.headers().map().toString()).doesNotContain(TestServer.INGEST_KEY, wrongKey);
        }
    }

    private static final String METRICS_TOKEN = "metrics-token-0123456789abcdef";

    /**
     * {@code /metrics} (per-provider volumes, the server's internals) and {@code /api/detection/explain} (the
     * deployment's rules) answered anyone while the server listened on 0.0.0.0 outside demo mode (issue 15, finding
     * 7). With USAGELENS_METRICS_TOKEN, /metrics needs it; without, it answers this machine only; explain needs a
     * bearer token or an ingest key; in demo mode both stay open. /openapi.json stays public.
     */
    @TestFactory
    Stream<DynamicTest> metricsAndExplain_needCredentialsOutsideDemoMode() throws Exception {
        String elsewhere = nonLoopbackAddress();
        DatabaseUrl tokenDb = TestDatabases.fresh();
        DatabaseUrl openDb = TestDatabases.fresh();
        TestServer withToken = TestServer.start(TestServer.settings(tokenDb).withMetricsToken(METRICS_TOKEN), tokenDb);
        TestServer everywhere = TestServer.start(new ServerSettings("0.0.0.0", 0, Path.of("target/test-data"), openDb.jdbcUrl(),
                openDb.user(), openDb.password(), List.of(TestServer.INGEST_KEY), TestServer.JWT_SECRET, null, null, false, 4), openDb);
        Path demoData = Path.of("target", "security-demo-data").toAbsolutePath();
        deleteRecursively(demoData);
        ServerSettings demoSettings = new ServerSettings(elsewhere, 0, demoData, null, null, null, List.of(), null, null,
                null, false, 2);
        assertThat(demoSettings.demoMode()).isTrue();
        ServerMain.Server demo = ServerMain.Server.start(demoSettings, TestClock.standard());
        started.add(withToken::close);
        started.add(everywhere::close);
        started.add(demo::close);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String elsewhereBase = "http://" + elsewhere + ":" + everywhere.uri("/").getPort();
        String demoBase = "http://" + elsewhere + ":" + demo.port();
        Map<String, java.util.function.Supplier<HttpResponse<String>>> refused = new LinkedHashMap<>();
        Map<String, java.util.function.Supplier<HttpResponse<String>>> answered = new LinkedHashMap<>();
        // With a token.
        refused.put("token set: /metrics without Authorization -> 401", () -> withToken.get("/metrics", null));
        refused.put("token set: /metrics with another token -> 401", () -> withToken.get("/metrics", "metrics-token-0123456789abcdeX"));
        refused.put("token set: /metrics with the token's prefix -> 401", () -> withToken.get("/metrics", METRICS_TOKEN.substring(0, 20)));
        refused.put("token set: /metrics with the token and more -> 401", () -> withToken.get("/metrics", METRICS_TOKEN + "0"));
        refused.put("token set: /metrics with a user's JWT -> 401", () -> withToken.get("/metrics", TestTokens.admin("root")));
        refused.put("token set: /metrics with the token as Basic -> 401", () -> withToken.send(HttpRequest.newBuilder(withToken.uri("/metrics"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((":" + METRICS_TOKEN).getBytes(StandardCharsets.UTF_8)))));
        refused.put("token set: /metrics with the token in the query -> 401", () -> withToken.get("/metrics?token=" + METRICS_TOKEN, null));
        answered.put("token set: /metrics with the token -> 200", () -> withToken.get("/metrics", METRICS_TOKEN));
        answered.put("token set: /metrics with the token, scheme in lower case -> 200", () -> withToken.send(
                HttpRequest.newBuilder(withToken.uri("/metrics")).header("Authorization", "bearer " + METRICS_TOKEN)));
        // Without a token, on 0.0.0.0.
        answered.put("no token: /metrics from this machine (loopback) -> 200", () -> everywhere.get("/metrics", null));
        refused.put("no token: /metrics from " + elsewhere + " -> 403", () -> send(http, HttpRequest.newBuilder(URI.create(elsewhereBase + "/metrics"))));
        refused.put("no token: /metrics from " + elsewhere + " claiming X-Forwarded-For 127.0.0.1 -> 403", () -> send(http,
                HttpRequest.newBuilder(URI.create(elsewhereBase + "/metrics")).header("X-Forwarded-For", "127.0.0.1")
                        .header("Forwarded", "for=127.0.0.1").header("X-Real-IP", "127.0.0.1")));
        refused.put("no token: /metrics from " + elsewhere + " with Host: localhost -> 403", () -> rawStatus(elsewhere,
                everywhere.uri("/").getPort(), "GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        answered.put("no token: /openapi.json from " + elsewhere + " -> 200 (public)", () -> send(http,
                HttpRequest.newBuilder(URI.create(elsewhereBase + "/openapi.json"))));
        answered.put("no token: /api/providers from " + elsewhere + " -> 200 (public)", () -> send(http,
                HttpRequest.newBuilder(URI.create(elsewhereBase + "/api/providers"))));
        // explain outside demo mode.
        String explain = "/api/detection/explain?model=google/veo3";
        refused.put("explain without credentials -> 401", () -> hs.get(explain, null));
        refused.put("explain with an expired token -> 401", () -> hs.get(explain,
                TestTokens.hs256(TestServer.JWT_SECRET, "alice", null, TestClock.standard().instant().minusSeconds(600))));
        refused.put("explain with a token of another secret -> 401", () -> hs.get(explain,
                TestTokens.hs256("another-secret-that-is-at-least-32-bytes", "alice", null, TestClock.standard().instant().plusSeconds(600))));
        refused.put("explain with a wrong ingest key -> 401", () -> hs.send(HttpRequest.newBuilder(hs.uri(explain)).header("X-Api-Key", "wrong-key")));
        refused.put("explain with a wrong ingest key and a valid token -> 401", () -> hs.send(HttpRequest.newBuilder(hs.uri(explain))
                .header("X-Api-Key", "wrong-key").header("Authorization", "Bearer " + TestTokens.forUser("alice"))));
        refused.put("explain with the ingest key in the query -> 401", () -> hs.get(explain + "&api_key=" + TestServer.INGEST_KEY, null));
        refused.put("explain from " + elsewhere + " without credentials -> 401", () -> send(http, HttpRequest.newBuilder(URI.create(elsewhereBase + explain))));
        answered.put("explain with a user's token -> 200", () -> hs.get(explain, TestTokens.forUser("alice")));
        answered.put("explain with the ingest key -> 200", () -> hs.send(HttpRequest.newBuilder(hs.uri(explain)).header("X-Api-Key", TestServer.INGEST_KEY)));
        answered.put("explain on the RS256 server with its token -> 200", () -> rs.get(explain, rs256(RSA, claims("alice").build())));
        // Demo mode, as before.
        answered.put("demo mode: /metrics from " + elsewhere + " -> 200", () -> send(http, HttpRequest.newBuilder(URI.create(demoBase + "/metrics"))));
        answered.put("demo mode: explain without credentials -> 200", () -> send(http, HttpRequest.newBuilder(URI.create(demoBase + explain))));

        List<DynamicTest> tests = new ArrayList<>();
        refused.forEach((name, request) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            HttpResponse<String> r = request.get();
            int expected = Integer.parseInt(name.substring(name.length() - 3));
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(expected);
            assertThat(r.body()).as(name).startsWith("{\"status\":" + expected).doesNotContain("usagelens_", "\"steps\"");
            if (expected == 401) {
                assertThat(r.headers().firstValue("WWW-Authenticate")).as(name).contains("Bearer");
            }
        })));
        answered.forEach((name, request) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            HttpResponse<String> r = request.get();
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(200);
            if (name.contains("/metrics")) {
                assertThat(r.body()).as(name).contains("usagelens_db_pool_connections");
            }
        })));
        return tests.stream();
    }

    /** Servers a test factory started, closed after all tests (dynamic tests run after the factory returns). */
    private static final List<AutoCloseable> started = new ArrayList<>();

    @AfterAll
    static void stopStarted() throws Exception {
        for (AutoCloseable s : started) {
            s.close();
        }
    }

    private static HttpResponse<String> send(java.net.http.HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer from a raw exchange, for requests the JDK client will not send (a Host header of one's own). */
    private static HttpResponse<String> rawStatus(String host, int port, String request) {
        try (java.net.Socket socket = new java.net.Socket(host, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), List.of(line.substring(colon + 1).trim()));
                }
            }
            return new RawResponse(status, body, java.net.http.HttpHeaders.of(headers, (a, b) -> true));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The parts of an HttpResponse the assertions read, from a raw exchange. */
    private record RawResponse(int statusCode, String body, java.net.http.HttpHeaders headers) implements HttpResponse<String> {
        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }

    /** An IPv4 address of this machine that is not loopback: the server then sees a client from elsewhere. */
    private static String nonLoopbackAddress() throws java.net.SocketException {
        return java.net.NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).flatMap(java.net.NetworkInterface::inetAddresses)
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(java.net.InetAddress::getHostAddress).findFirst()
                .orElseThrow(() -> new AssertionError("this test needs a network interface with a non-loopback IPv4 address"));
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (Stream<Path> paths = java.nio.file.Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }

    /** A server with JWT settings never issues demo tokens, whatever the request says. */
    @TestFactory
    Stream<DynamicTest> noRequestTurnsDemoModeOn() {
        Map<String, HttpRequest.Builder> attempts = new LinkedHashMap<>();
        attempts.put("plain", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token")));
        attempts.put("?demo=true", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token?demo=true&demo_mode=1")));
        attempts.put("X-Demo header", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token")).header("X-Demo", "true").header("X-Demo-Mode", "on"));
        attempts.put("forwarded for localhost", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token"))
                .header("X-Forwarded-For", "127.0.0.1").header("X-Real-IP", "127.0.0.1").header("Forwarded", "for=127.0.0.1;host=localhost"));
        attempts.put("X-Forwarded-Host localhost", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token")).header("X-Forwarded-Host", "localhost"));
        attempts.put("JSON body", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token")).header("Content-Type", "application/json"));
        attempts.put("with a valid token", HttpRequest.newBuilder(hs.uri("/api/auth/demo-token")).header("Authorization", "Bearer " + TestTokens.admin("root")));
        List<DynamicTest> tests = new ArrayList<>();
        attempts.forEach((name, b) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            HttpResponse<String> r = hs.send(b.POST(name.equals("JSON body")
                    ? HttpRequest.BodyPublishers.ofString("{\"demo\":true,\"demo_mode\":true}") : HttpRequest.BodyPublishers.noBody()));
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).doesNotContain("token\":\"ey");
            assertThat(hs.json(hs.get("/api/auth/config?demo=true", null)).get("demo_mode").asBoolean()).isFalse();
        })));
        tests.add(DynamicTest.dynamicTest("raw Host: localhost", () -> {
            RawHttp.Answer a = RawHttp.exchange(hs.uri("/").getPort(), ("POST /api/auth/demo-token?demo=true HTTP/1.1\r\nHost: localhost\r\n"
                    + "X-Forwarded-For: 127.0.0.1\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(a.status()).isEqualTo(404);
        }));
        tests.add(DynamicTest.dynamicTest("RS256 server", () -> {
            assertThat(rs.send(HttpRequest.newBuilder(rs.uri("/api/auth/demo-token?demo=true")).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
            assertThat(rs.json(rs.get("/api/auth/config", null)).get("demo_mode").asBoolean()).isFalse();
        }));
        return tests.stream();
    }
}
