package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * Cross-origin calls through the real server, as the original system's dashboard (on localhost:3000 in development)
 * makes them: preflights and requests from a listed origin get exactly what they need; a foreign origin gets no CORS
 * header at all; nothing is ever a wildcard.
 */
class CorsTest {
    private static final String ALLOWED = "http://localhost:3000";
    private static final String FOREIGN = "https://evil.example";
    private static TestServer server;
    private static TestServer closed;

    @BeforeAll
    static void start() {
        DatabaseUrl db = TestDatabases.fresh();
        server = TestServer.start(TestServer.settings(db).withCorsOrigins(List.of(ALLOWED, "https://alwrity.vercel.app")), db);
        DatabaseUrl other = TestDatabases.fresh();
        closed = TestServer.start(TestServer.settings(other), other);
    }

    @AfterAll
    static void stop() {
        server.close();
        closed.close();
    }

    private static HttpResponse<String> preflight(TestServer s, String origin, String method, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/api/subscription/usage-logs?limit=50&offset=0"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return s.send(b);
    }

    private static HttpResponse<String> get(TestServer s, String origin, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.uri("/api/subscription/usage-logs")).header("Origin", origin);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return s.send(b);
    }

    @Test
    void aPreflightFromAListedOrigin_isAnsweredWithThatOriginAndTheHeadersItNeeds() {
        HttpResponse<String> r = preflight(server, ALLOWED, "GET", "authorization,content-type");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                .contains("authorization").contains("content-type");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("GET").contains("POST");
        assertThat(r.headers().allValues("Vary").toString()).contains("Origin");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).isPresent();
    }

    @Test
    void aPreflightFromAForeignOrigin_getsNoCorsHeader() {
        HttpResponse<String> r = preflight(server, FOREIGN, "GET", "authorization");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(server.json(r).get("detail").asText()).contains("not allowed");
    }

    @Test
    void aPreflightAskingForAnotherMethodOrHeader_isRefused() {
        assertThat(preflight(server, ALLOWED, "DELETE", null).statusCode()).isEqualTo(403);
        HttpResponse<String> header = preflight(server, ALLOWED, "GET", "authorization, x-evil");
        assertThat(header.statusCode()).isEqualTo(403);
        assertThat(header.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void requestsFromAListedOrigin_carryItsOrigin_evenWhenRefused() {
        HttpResponse<String> ok = get(server, ALLOWED, TestTokens.forUser("alice"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(ok.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("UsageLens-Ignored-Parameters");
        assertThat(ok.headers().allValues("Vary").toString()).contains("Origin");
        // a 401 the page must be able to read (to ask for a new sign-in)
        HttpResponse<String> refused = get(server, ALLOWED, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
        assertThat(get(server, "https://alwrity.vercel.app", TestTokens.forUser("alice"))
                .headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://alwrity.vercel.app");
    }

    @Test
    void requestsFromAForeignOrigin_getNoCorsHeader_andNothingIsEverAWildcard() {
        HttpResponse<String> r = get(server, FOREIGN, TestTokens.forUser("alice"));
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.headers().allValues("Vary").toString()).contains("Origin");
        for (HttpResponse<String> any : List.of(r, get(server, ALLOWED, null), preflight(server, ALLOWED, "GET", null))) {
            assertThat(any.headers().allValues("Access-Control-Allow-Origin")).doesNotContain("*");
        }
    }

    @Test
    void aServerWithoutOrigins_answersNoCrossOriginRequest() {
        HttpResponse<String> pre = preflight(closed, ALLOWED, "GET", "authorization");
        assertThat(pre.statusCode()).isEqualTo(403);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(get(closed, ALLOWED, TestTokens.forUser("alice")).headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
