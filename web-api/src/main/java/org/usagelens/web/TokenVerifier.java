package org.usagelens.web;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.usagelens.domain.model.TextRules;

/**
 * Verifies bearer tokens: a JWT signed with HS256 (a shared secret), RS256 (a static public key), or any of the
 * asymmetric algorithms by a key of a JWKS URL chosen by {@code kid} (Clerk, Auth0, Cognito, Keycloak, Entra), with
 * a numeric {@code exp}, a {@code sub} that is a valid user id, and, when configured, the issuer and audience. Time
 * is the server's clock with a small leeway. Unsigned ({@code alg: none}) and other-algorithm tokens fail; every
 * failure has one of a few fixed messages, never the library's.
 */
final class TokenVerifier {

    /** The shared secret must carry at least 256 bits, as HS256 requires. */
    public static final int MIN_SECRET_BYTES = 32;
    /** The default clock-skew leeway for exp, nbf and iat. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
    /** The largest leeway a deployment may configure. */
    public static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

    /** How long JWKS keys are kept before they are fetched again. */
    static final Duration JWKS_CACHE_TTL = Duration.ofMinutes(15);
    /** At most one JWKS fetch per this interval, also when tokens name unknown keys (a flood cannot hammer the host). */
    static final Duration JWKS_MIN_REFETCH_INTERVAL = Duration.ofSeconds(10);
    private static final int JWKS_TIMEOUT_MILLIS = 3000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;
    private static final Set<JWSAlgorithm> JWKS_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /**
     * What a token's claims must satisfy besides the signature.
     *
     * @param issuer   the exact {@code iss} required, or {@code null} to accept any
     * @param audience a value {@code aud} must contain, or {@code null} to accept any
     * @param leeway   how far the server's clock and the issuer's may disagree
     */
    public record Policy(String issuer, String audience, Duration leeway) {
        public static final Policy DEFAULT = new Policy(null, null, DEFAULT_LEEWAY);

        public Policy {
            Objects.requireNonNull(leeway, "leeway");
            if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0) {
                throw new IllegalArgumentException("the JWT leeway must be from 0 to " + MAX_LEEWAY.toSeconds() + " seconds");
            }
        }
    }

    /** Why a token was refused, in the words the client sees; {@code signatureValid} tells which verifier to trust. */
    public record Refusal(String reason, boolean signatureValid) {
    }

    /** The outcome of one verification: a principal, or a refusal. */
    public record Outcome(Principal principal, Refusal refusal) {
        public boolean accepted() {
            return principal != null;
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor;
    private final Policy policy;
    private final Clock clock;

    private TokenVerifier(JWSKeySelector<SecurityContext> keys, Policy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        // The claims are judged below, with the server's clock and fixed messages.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /** Verifies HS256 tokens signed with this secret. */
    public static TokenVerifier hs256(byte[] secret, Policy policy, Clock clock) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the JWT secret must be at least " + MIN_SECRET_BYTES + " bytes long");
        }
        return new TokenVerifier(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)),
                policy, clock);
    }

    public static TokenVerifier hs256(String secret, Policy policy, Clock clock) {
        return hs256(secret.getBytes(StandardCharsets.UTF_8), policy, clock);
    }

    /** Verifies RS256 tokens against a PEM-encoded RSA public key ({@code -----BEGIN PUBLIC KEY-----}). */
    public static TokenVerifier rs256(String pem, Policy policy, Clock clock) {
        RSAPublicKey key;
        try {
            String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalArgumentException("the JWT public key is not a PEM-encoded RSA public key (BEGIN PUBLIC KEY)");
        }
        JWKSet jwks = new JWKSet(new RSAKey.Builder(key).build());
        return new TokenVerifier(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)),
                policy, clock);
    }

    /**
     * Verifies tokens signed by a key of the JWKS at {@code url}, chosen by the token's {@code kid}. Keys are cached;
     * a token naming a key not in the cache makes the set be fetched again (at most once per
     * {@link #JWKS_MIN_REFETCH_INTERVAL}), so keys rotate without a restart; while the host is down, the keys fetched
     * last keep working.
     */
    public static TokenVerifier jwks(URL url, Policy policy, Clock clock) {
        return jwks(url, policy, clock, JWKS_MIN_REFETCH_INTERVAL);
    }

    static TokenVerifier jwks(URL url, Policy policy, Clock clock, Duration minRefetchInterval) {
        String protocol = url.getProtocol();
        if (!protocol.equals("https") && !protocol.equals("http")) {
            throw new IllegalArgumentException("the JWKS URL must be an http or https URL");
        }
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(url,
                        new DefaultResourceRetriever(JWKS_TIMEOUT_MILLIS, JWKS_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
                .cache(JWKS_CACHE_TTL.toMillis(), JWKS_TIMEOUT_MILLIS * 2L)
                .rateLimited(minRefetchInterval.toMillis())
                .retrying(true)
                .outageTolerantForever()
                .build();
        return new TokenVerifier(new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, source), policy, clock);
    }

    /**
     * Verifies one token.
     *
     * @return the principal, or why the token is refused
     */
    public Outcome verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            return refused("the bearer token is not a JWT", false);
        } catch (BadJOSEException e) {
            return refused("the bearer token's signature is not valid for this server", false);
        } catch (com.nimbusds.jose.jwk.source.RateLimitReachedException e) {
            // A key id not in the cache, while the set was fetched again only just now.
            return refused("the bearer token's signing key (kid) is not known to this server", false);
        } catch (KeySourceException e) {
            return refused("the bearer token cannot be checked now: its signing keys are unavailable", false);
        } catch (Exception e) {
            return refused("the bearer token's signature is not valid for this server", false);
        }
        Instant now = clock.instant();
        Duration leeway = policy.leeway();
        Object exp = claims.getClaim("exp");
        if (!(exp instanceof Date expires)) {
            return refused("the bearer token must have a numeric expiry (exp)", true);
        }
        if (now.isAfter(expires.toInstant().plus(leeway))) {
            return refused("the bearer token has expired", true);
        }
        Object nbf = claims.getClaim("nbf");
        if (nbf != null && !(nbf instanceof Date)) {
            return refused("the bearer token's nbf must be numeric", true);
        }
        if (nbf instanceof Date notBefore && now.plus(leeway).isBefore(notBefore.toInstant())) {
            return refused("the bearer token is not valid yet (nbf)", true);
        }
        Object iat = claims.getClaim("iat");
        if (iat != null && !(iat instanceof Date)) {
            return refused("the bearer token's iat must be numeric", true);
        }
        if (iat instanceof Date issued && issued.toInstant().isAfter(now.plus(leeway))) {
            return refused("the bearer token was issued in the future (iat)", true);
        }
        if (policy.issuer() != null && !policy.issuer().equals(claims.getIssuer())) {
            return refused("the bearer token's issuer (iss) is not accepted by this server", true);
        }
        if (policy.audience() != null) {
            List<String> audiences = claims.getAudience();
            if (audiences == null || !audiences.contains(policy.audience())) {
                return refused("the bearer token's audience (aud) is not accepted by this server", true);
            }
        }
        Object sub = claims.getClaim("sub");
        if (!(sub instanceof String subject)) {
            return refused("the bearer token must have a sub (the user id)", true);
        }
        String problem = TextRules.identifierProblem(subject, TextRules.MAX_USER_ID);
        if (problem != null) {
            return refused("the bearer token's sub is not a valid user id: it " + problem, true);
        }
        return new Outcome(new Principal(subject, "admin".equals(claims.getClaim("role"))), null);
    }

    private static Outcome refused(String reason, boolean signatureValid) {
        return new Outcome(null, new Refusal(reason, signatureValid));
    }
}
