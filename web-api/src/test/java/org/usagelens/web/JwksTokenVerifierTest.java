package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.JwksServer;

/**
 * Tokens verified against a JWKS served over real HTTP, as Clerk's dashboard sends them: keys chosen by {@code kid},
 * rotation without a restart, an outage of the JWKS host, and every claim rule (exp, nbf, iat, iss, aud, sub).
 */
class JwksTokenVerifierTest {
    private static final String ISSUER = "https://clever-koala-12.clerk.accounts.dev";
    private static final Instant NOW = Instant.parse("2026-11-18T10:15:30Z");
    private static final RSAKey A = JwksServer.newKey("key-a");
    private static final RSAKey B = JwksServer.newKey("key-b");
    private static final RSAKey C = JwksServer.newKey("key-c");

    private final TestClock clock = new TestClock(NOW);
    private JwksServer jwks;

    @BeforeEach
    void start() {
        jwks = JwksServer.start();
        jwks.publish(List.of(A, B));
    }

    @AfterEach
    void stop() {
        jwks.close();
    }

    private TokenVerifier verifier(String audience) {
        return TokenVerifier.jwks(jwks.url(), new TokenVerifier.Policy(ISSUER, audience, Duration.ofSeconds(30)), clock,
                Duration.ofMillis(200));
    }

    private static JWTClaimsSet.Builder claims(String sub) {
        return new JWTClaimsSet.Builder().subject(sub).issuer(ISSUER).issueTime(Date.from(NOW.minusSeconds(5)))
                .notBeforeTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(60)));
    }

    private static String refusal(TokenVerifier.Outcome outcome) {
        assertThat(outcome.accepted()).as("refused").isFalse();
        return outcome.refusal().reason();
    }

    @Test
    void tokensOfEitherPublishedKey_areAccepted_asTheUserOfTheirSub() {
        TokenVerifier verifier = verifier(null);
        TokenVerifier.Outcome a = verifier.verify(JwksServer.token(A, "key-a", claims("user_2qA6V8bFFnhPRGp8JYxP4YTJtHl").build()));
        TokenVerifier.Outcome b = verifier.verify(JwksServer.token(B, "key-b", claims("user_b").build()));
        assertThat(a.principal()).isEqualTo(new Principal("user_2qA6V8bFFnhPRGp8JYxP4YTJtHl", false));
        assertThat(b.principal().userId()).isEqualTo("user_b");
        assertThat(jwks.fetches()).as("keys are cached").isEqualTo(1);
    }

    @Test
    void whenKeysRotate_aTokenOfTheNewKeyIsAccepted_withoutARestart() throws InterruptedException {
        TokenVerifier verifier = verifier(null);
        assertThat(verifier.verify(JwksServer.token(A, "key-a", claims("u").build())).accepted()).isTrue();
        jwks.publish(List.of(B, C));
        Thread.sleep(250); // past the minimum interval between two fetches
        assertThat(verifier.verify(JwksServer.token(C, "key-c", claims("u").build())).accepted()).isTrue();
        assertThat(jwks.fetches()).isEqualTo(2);
    }

    @Test
    void aFloodOfUnknownKids_fetchesTheSetAtMostOncePerInterval() {
        TokenVerifier verifier = TokenVerifier.jwks(jwks.url(), new TokenVerifier.Policy(ISSUER, null, Duration.ofSeconds(30)),
                clock, Duration.ofMinutes(5));
        assertThat(verifier.verify(JwksServer.token(A, "key-a", claims("u").build())).accepted()).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(refusal(verifier.verify(JwksServer.token(C, "unknown-" + i, claims("u").build()))))
                    .isIn("the bearer token's signature is not valid for this server",
                            "the bearer token's signing key (kid) is not known to this server");
        }
        assertThat(jwks.fetches()).isLessThanOrEqualTo(3);
    }

    @Test
    void whileTheJwksHostIsDown_cachedKeysKeepWorking_andUnknownKeysAreRefused() throws InterruptedException {
        TokenVerifier verifier = verifier(null);
        assertThat(verifier.verify(JwksServer.token(A, "key-a", claims("u").build())).accepted()).isTrue();
        jwks.close();
        Thread.sleep(250);
        assertThat(verifier.verify(JwksServer.token(B, "key-b", claims("u").build())).accepted()).isTrue();
        TokenVerifier.Outcome unknown = verifier.verify(JwksServer.token(C, "key-c", claims("u").build()));
        assertThat(unknown.accepted()).isFalse();
    }

    @Test
    void aTokenWhoseKidNamesAnotherKey_isRefused() {
        assertThat(refusal(verifier(null).verify(JwksServer.token(C, "key-a", claims("u").build()))))
                .isEqualTo("the bearer token's signature is not valid for this server");
    }

    @Test
    void everyClaimRule_refusesWithItsOwnFixedMessage() {
        TokenVerifier verifier = verifier("usagelens");
        var ok = claims("u").audience("usagelens");
        assertThat(verifier.verify(JwksServer.token(A, "key-a", ok.build())).accepted()).isTrue();
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("other").build()))))
                .isEqualTo("the bearer token's audience (aud) is not accepted by this server");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").build()))))
                .isEqualTo("the bearer token's audience (aud) is not accepted by this server");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("usagelens")
                .issuer("https://evil.example").build()))))
                .isEqualTo("the bearer token's issuer (iss) is not accepted by this server");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("usagelens")
                .expirationTime(Date.from(NOW.minusSeconds(31))).build()))))
                .isEqualTo("the bearer token has expired");
        assertThat(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("usagelens")
                .expirationTime(Date.from(NOW.minusSeconds(20))).build())).accepted())
                .as("expired within the leeway").isTrue();
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("usagelens")
                .notBeforeTime(Date.from(NOW.plusSeconds(3600))).build()))))
                .isEqualTo("the bearer token is not valid yet (nbf)");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("usagelens")
                .issueTime(Date.from(Instant.parse("3000-01-01T00:00:00Z"))).build()))))
                .isEqualTo("the bearer token was issued in the future (iat)");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("usagelens")
                .expirationTime(null).build()))))
                .isEqualTo("the bearer token must have a numeric expiry (exp)");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("u").audience("usagelens")
                .claim("exp", null).build()))))
                .isEqualTo("the bearer token must have a numeric expiry (exp)");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims(null).audience("usagelens").build()))))
                .isEqualTo("the bearer token must have a sub (the user id)");
        String loneSurrogate = "{\"sub\":\"alice\\ud800\",\"iss\":\"" + ISSUER + "\",\"aud\":\"usagelens\",\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond() + "}";
        assertThat(refusal(verifier.verify(JwksServer.tokenWithPayload(A, "key-a", loneSurrogate))))
                .startsWith("the bearer token's sub is not a valid user id: it must be valid Unicode");
        String nullExpiry = "{\"sub\":\"u\",\"role\":\"admin\",\"iss\":\"" + ISSUER + "\",\"aud\":\"usagelens\",\"exp\":null}";
        assertThat(refusal(verifier.verify(JwksServer.tokenWithPayload(A, "key-a", nullExpiry))))
                .isEqualTo("the bearer token must have a numeric expiry (exp)");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("ali\u0000ce").audience("usagelens").build()))))
                .startsWith("the bearer token's sub is not a valid user id: it must not contain NUL");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims(" ").audience("usagelens").build()))))
                .isEqualTo("the bearer token's sub is not a valid user id: it must not be blank");
        assertThat(refusal(verifier.verify(JwksServer.token(A, "key-a", claims("x".repeat(101)).audience("usagelens").build()))))
                .startsWith("the bearer token's sub is not a valid user id: it must have at most 100 characters");
    }

    @Test
    void theServersClockDecides_notTheWallClock() {
        TokenVerifier verifier = verifier(null);
        String token = JwksServer.token(A, "key-a", claims("u").build());
        assertThat(verifier.verify(token).accepted()).isTrue();
        clock.set(NOW.plus(Duration.ofMinutes(2)));
        assertThat(refusal(verifier.verify(token))).isEqualTo("the bearer token has expired");
    }
}
