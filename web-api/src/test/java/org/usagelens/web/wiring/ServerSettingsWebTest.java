package org.usagelens.web.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.WebApp;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.TestServer;

/**
 * What the wiring hands the web adapter: every setting reaches its own field of {@link WebApp.Settings} (several
 * are strings side by side, so a swap would compile), and the JWT policy is enforced by the real server built from
 * them.
 */
class ServerSettingsWebTest {
    private static final String SECRET = "a-jwt-secret-for-the-settings-test-of-32+-bytes";

    @Test
    void everyWebSetting_reachesItsOwnField() throws Exception {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of(
                "DATABASE_URL", "postgresql://db.example:5432/usagelens",
                "USAGELENS_INGEST_KEYS", "key-one-0123456789, key-two-0123456789",
                "USAGELENS_JWT_SECRET", SECRET,
                "USAGELENS_JWT_JWKS_URL", "https://idp.example/.well-known/jwks.json",
                "USAGELENS_JWT_ISSUER", "https://issuer.example",
                "USAGELENS_JWT_AUDIENCE", "usagelens-api",
                "USAGELENS_JWT_LEEWAY", "7",
                "USAGELENS_METRICS_TOKEN", "metrics-token-0123456789",
                "USAGELENS_CORS_ORIGINS", "https://app.example"));

        WebApp.Settings web = settings.web(Optional.of("demo-key-0123456789"), "demo-user");

        assertThat(web.ingestKeys()).containsExactly("key-one-0123456789", "key-two-0123456789", "demo-key-0123456789");
        assertThat(web.jwtSecret()).isEqualTo(SECRET);
        assertThat(web.jwtPublicKeyPem()).isNull();
        assertThat(web.jwksUrl()).isEqualTo(URI.create("https://idp.example/.well-known/jwks.json").toURL());
        assertThat(web.jwtIssuer()).isEqualTo("https://issuer.example");
        assertThat(web.jwtAudience()).isEqualTo("usagelens-api");
        assertThat(web.jwtLeeway()).isEqualTo(Duration.ofSeconds(7));
        assertThat(web.metricsToken()).isEqualTo("metrics-token-0123456789");
        assertThat(web.corsOrigins()).containsExactly("https://app.example");
        assertThat(web.limits()).isEqualTo(settings.limits());
        // A database and JWT settings: not demo mode, whatever user the wiring offers for it.
        assertThat(web.demoUser()).isNull();
        assertThat(web.demoMode()).isFalse();
    }

    @Test
    void demoMode_isHandedOnAsItsUser_andOnlyThen() {
        WebApp.Settings demo = ServerSettings.fromEnvironment(Map.of()).web(Optional.empty(), "demo-user");
        assertThat(demo.demoUser()).isEqualTo("demo-user");
        assertThat(demo.ingestKeys()).isEmpty();
    }

    @Test
    void theServerBuiltFromTheSettings_acceptsOnlyTheConfiguredIssuerAndAudience() throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, java.nio.file.Path.of("target/test-data"), db.jdbcUrl(),
                db.user(), db.password(), List.of(TestServer.INGEST_KEY), SECRET, null, null, false, 4)
                .withJwt(new ServerSettings.Jwt(null, "https://issuer.example", "usagelens-api", Duration.ofSeconds(5)));
        try (TestServer server = TestServer.start(settings, db)) {
            String path = "/api/subscription/usage-logs";
            assertThat(server.get(path, token("https://issuer.example", "usagelens-api")).statusCode()).isEqualTo(200);
            assertThat(server.get(path, token("https://other-issuer.example", "usagelens-api")).statusCode()).isEqualTo(401);
            assertThat(server.get(path, token("https://issuer.example", "another-api")).statusCode()).isEqualTo(401);
            assertThat(server.get(path, token(null, null)).statusCode()).isEqualTo(401);
        }
    }

    private static String token(String issuer, String audience) throws Exception {
        Instant now = TestClock.standard().instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("alice")
                .issueTime(Date.from(now.minusSeconds(5))).expirationTime(Date.from(now.plusSeconds(600)));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }
}
