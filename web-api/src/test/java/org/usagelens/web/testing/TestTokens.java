package org.usagelens.web.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.usagelens.domain.testing.TestClock;

/** Bearer tokens for tests, signed with the test server's secret unless said otherwise. */
public final class TestTokens {
    private TestTokens() {
    }

    /** A token of this user valid for an hour by the standard test clock. */
    public static String forUser(String user) {
        return forUser(user, TestClock.standard());
    }

    /** A token of this user valid for an hour by {@code clock}. */
    public static String forUser(String user, Clock clock) {
        return hs256(TestServer.JWT_SECRET, user, null, clock.instant().plus(Duration.ofHours(1)));
    }

    public static String admin(String user) {
        return admin(user, TestClock.standard());
    }

    public static String admin(String user, Clock clock) {
        return hs256(TestServer.JWT_SECRET, user, "admin", clock.instant().plus(Duration.ofHours(1)));
    }

    public static String hs256(String secret, String user, String role, Instant expires) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(user);
        if (expires != null) {
            claims.expirationTime(Date.from(expires));
        }
        if (role != null) {
            claims.claim("role", role);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
