package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/** Every /api/subscription endpoint refuses bad tokens and keeps each user to their own rows. */
class AuthorizationTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void start() throws Exception {
        server.postEvents(Events.batch(Events.video("alice", "a1"), Events.video("bob", "b1"), Events.video("bob", "b2")));
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String signed(JWSAlgorithm alg, String secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static List<String> badTokens() throws Exception {
        long exp = TestClock.standard().instant().plusSeconds(3600).getEpochSecond();
        String valid = TestTokens.forUser("alice");
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + b64("{\"sub\":\"bob\",\"exp\":" + exp + "}") + "." + parts[2];
        String algNone = b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"alice\",\"exp\":" + exp + "}") + ".";
        String wrongAlg = signed(JWSAlgorithm.HS384, TestServer.JWT_SECRET + "-and-some-more-bytes-for-384",
                new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(TestClock.standard().instant().plusSeconds(3600))).build());
        String sameSecretHs512 = signed(JWSAlgorithm.HS512, TestServer.JWT_SECRET + TestServer.JWT_SECRET,
                new JWTClaimsSet.Builder().subject("alice").expirationTime(Date.from(TestClock.standard().instant().plusSeconds(3600))).build());
        String expired = TestTokens.hs256(TestServer.JWT_SECRET, "alice", null, TestClock.standard().instant().minusSeconds(3600));
        String noExp = TestTokens.hs256(TestServer.JWT_SECRET, "alice", null, null);
        String otherSecret = TestTokens.hs256("another-secret-that-is-at-least-32-bytes", "alice", null, TestClock.standard().instant().plusSeconds(600));
        return List.of(tampered, algNone, wrongAlg, sameSecretHs512, expired, noExp, otherSecret, "not-a-jwt", "a.b.c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/subscription/usage-logs", "/api/subscription/usage-logs.csv", "/api/subscription/provider-analytics",
            "/api/subscription/provider-recommendations", "/api/subscription/provider-trends"})
    void everyBadToken_is401(String endpoint) throws Exception {
        assertThat(server.get(endpoint, null).statusCode()).isEqualTo(401);
        for (String token : badTokens()) {
            HttpResponse<String> response = server.get(endpoint, token);
            assertThat(response.statusCode()).as(token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
        HttpResponse<String> basic = server.send(java.net.http.HttpRequest.newBuilder(server.uri(endpoint))
                .header("Authorization", "Basic YWxpY2U6cGFzcw=="));
        assertThat(basic.statusCode()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/subscription/usage-logs", "/api/subscription/usage-logs.csv", "/api/subscription/provider-analytics",
            "/api/subscription/provider-recommendations", "/api/subscription/provider-trends"})
    void anotherUsersId_is403_forAUser_andAllowedForAnAdmin(String endpoint) {
        assertThat(server.get(endpoint + "?user_id=bob", TestTokens.forUser("alice")).statusCode()).isEqualTo(403);
        HttpResponse<String> admin = server.get(endpoint + "?user_id=bob", TestTokens.admin("root"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(server.get(endpoint + "?user_id=alice", TestTokens.forUser("alice")).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob"})
    void aUserSeesOnlyTheirOwnRows(String user) {
        var page = server.json(server.get("/api/subscription/usage-logs", TestTokens.forUser(user)));
        assertThat(page.get("total_count").asLong()).isEqualTo(user.equals("alice") ? 1 : 2);
        page.get("logs").forEach(l -> assertThat(l.get("id").asLong()).isPositive());
        var admin = server.json(server.get("/api/subscription/usage-logs?user_id=" + user, TestTokens.admin("root")));
        assertThat(admin.get("total_count")).isEqualTo(page.get("total_count"));
        var analytics = server.json(server.get("/api/subscription/provider-analytics", TestTokens.forUser(user)));
        assertThat(analytics.get("totals").get("calls")).isEqualTo(page.get("total_count"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/auth/demo-token"})
    void demoSignIn_isOff_whenJwtSettingsAreGiven(String path) {
        HttpResponse<String> response = server.send(java.net.http.HttpRequest.newBuilder(server.uri(path))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(server.json(server.get("/api/auth/config", null)).get("demo_mode").asBoolean()).isFalse();
    }
}
