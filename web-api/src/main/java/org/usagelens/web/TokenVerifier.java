package org.usagelens.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies bearer tokens: a JWT signed with HS256 (shared secret) or RS256 (public key), with a
 * {@code sub} and an unexpired {@code exp}. Unsigned ({@code alg: none}) and other-algorithm tokens fail.
 */
public final class TokenVerifier {

    /** The shared secret must carry at least 256 bits, as HS256 requires. */
    public static final int MIN_SECRET_BYTES = 32;

    private final DefaultJWTProcessor<SecurityContext> processor;

    private TokenVerifier(JWSKeySelector<SecurityContext> keys, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(null, Set.of("sub", "exp")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant()); // the server's clock, not the library's wall clock
            }
        });
    }

    /** Verifies HS256 tokens signed with this secret. */
    public static TokenVerifier hs256(byte[] secret, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return new TokenVerifier(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)), clock);
    }

    /** Verifies RS256 tokens against a PEM-encoded RSA public key ({@code -----BEGIN PUBLIC KEY-----}). */
    public static TokenVerifier rs256(String pem, Clock clock) {
        RSAPublicKey key;
        try {
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalArgumentException("the JWT public key is not a PEM-encoded RSA public key (BEGIN PUBLIC KEY)");
        }
        JWKSet jwks = new JWKSet(new RSAKey.Builder(key).build());
        return new TokenVerifier(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)), clock);
    }

    public static TokenVerifier hs256(String secret, Clock clock) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8), clock);
    }

    /**
     * The principal of a valid token.
     *
     * @throws ApiError 401 naming what is wrong, for any invalid token
     */
    public Principal verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw ApiError.unauthorized("the bearer token is not a JWT");
        } catch (Exception e) {
            throw ApiError.unauthorized("the bearer token is invalid: " + safeReason(e.getMessage()));
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 100) {
            throw ApiError.unauthorized("the bearer token's sub must be a user id of 1 to 100 characters");
        }
        Object role = claims.getClaim("role");
        return new Principal(subject, "admin".equals(role));
    }

    private static String safeReason(String message) {
        if (message == null) {
            return "rejected";
        }
        String oneLine = message.replaceAll("[\\r\\n]", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) : oneLine;
    }
}
