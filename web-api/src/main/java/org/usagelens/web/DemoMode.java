package org.usagelens.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

/**
 * Demo mode, on only when the server runs its embedded database with no JWT settings: the dashboard
 * signs in as the demo user with a token signed by a secret that lives and dies with this process. No
 * request can turn it on; it is decided once, at start-up.
 */
final class DemoMode {
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final String demoUser;
    private final byte[] secret;
    private final Clock clock;

    public DemoMode(String demoUser, Clock clock) {
        this.demoUser = Objects.requireNonNull(demoUser, "demoUser");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.secret = new byte[32];
        new SecureRandom().nextBytes(secret);
    }

    public String demoUser() {
        return demoUser;
    }

    /** Verifies the tokens this demo mode issues. */
    public TokenVerifier verifier() {
        return TokenVerifier.hs256(secret, TokenVerifier.Policy.DEFAULT, clock);
    }

    /** A signed token for the demo user and when it expires. */
    public IssuedToken issue() {
        Instant now = clock.instant();
        Instant expires = now.plus(TOKEN_LIFETIME);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(demoUser)
                .issuer("usagelens-demo")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign the demo token", e);
        }
        return new IssuedToken(jwt.serialize(), demoUser, expires);
    }

    /** A demo sign-in: the bearer token, its user and its expiry. */
    public record IssuedToken(String token, String userId, Instant expiresAt) {
    }
}
