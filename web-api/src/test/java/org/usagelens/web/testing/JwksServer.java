package org.usagelens.web.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JWKS endpoint over real HTTP on loopback, as Clerk, Auth0 or Keycloak publish one: its key set can be replaced
 * (a rotation) and the server stopped (an outage); it counts the fetches it answered.
 */
public final class JwksServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet());
    private final AtomicInteger fetches = new AtomicInteger();

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    public static JwksServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            JwksServer jwks = new JwksServer(http);
            http.createContext("/.well-known/jwks.json", exchange -> {
                jwks.fetches.incrementAndGet();
                byte[] body = jwks.keys.get().toString(true).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            http.start();
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new 2048-bit RSA key pair with this key id. */
    public static RSAKey newKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes the public halves of these keys (replacing what was published). */
    public void publish(List<RSAKey> published) {
        keys.set(new JWKSet(published.stream().map(k -> (com.nimbusds.jose.jwk.JWK) k.toPublicJWK()).toList()));
    }

    public URL url() {
        try {
            return new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int fetches() {
        return fetches.get();
    }

    /** An RS256 token signed by {@code key}, whose header names {@code kid} (usually the key's own). */
    public static String token(RSAKey key, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An RS256 token whose payload is exactly this JSON text, e.g. with a {@code \\ud800} escape that a claims builder
     * could not produce (it would encode the lone surrogate as '?').
     */
    public static String tokenWithPayload(RSAKey key, String kid, String json) {
        try {
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), new com.nimbusds.jose.Payload(json));
            jws.sign(new RSASSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
