package org.usagelens.web.wiring;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.usagelens.web.HttpLimits;
import org.usagelens.web.WebApp;

/**
 * The server's configuration, read once from the environment. Every setting has a default that runs
 * the product on a laptop: an embedded PostgreSQL in {@code ./data}, demo data and demo sign-in.
 *
 * @param databaseUrl      {@code null} to run the embedded PostgreSQL
 * @param statementTimeout longest one SQL statement may run ({@link Duration#ZERO}: no limit)
 * @param lockTimeout      longest one SQL statement may wait for a lock ({@link Duration#ZERO}: no limit)
 * @param jwt              the bearer-token settings beyond the secret and the static key
 * @param corsOrigins      the origins whose pages may call the API (none by default)
 * @param attributionInterval how often rows other writers stored without a provider are attributed
 *                         ({@link Duration#ZERO}: never)
 * @param metricsToken     the bearer token {@code /metrics} requires, or {@code null}
 * @param pricesFile       a deployment price file that adds to and overrides the built-in catalog, or {@code null}
 * @param limits           what one client may hold of the server, and how fast requests must arrive
 */
public record ServerSettings(
        String host,
        int port,
        Path dataDirectory,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        List<String> ingestKeys,
        String jwtSecret,
        String jwtPublicKeyPem,
        Path rulesFile,
        boolean seedDemoData,
        int poolSize,
        Duration statementTimeout,
        Duration lockTimeout,
        Jwt jwt,
        List<String> corsOrigins,
        Duration attributionInterval,
        String metricsToken,
        Path pricesFile,
        HttpLimits limits) {

    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ATTRIBUTION_INTERVAL = Duration.ofSeconds(30);

    /**
     * Bearer tokens from a JWKS URL (keys by {@code kid}), and the claims every token must satisfy.
     *
     * @param jwksUrl  {@code null} for none
     * @param issuer   the required {@code iss}, or {@code null}
     * @param audience a value {@code aud} must contain, or {@code null}
     * @param leeway   the clock-skew leeway for exp, nbf and iat
     */
    public record Jwt(URL jwksUrl, String issuer, String audience, Duration leeway) {
        public static final Jwt NONE = new Jwt(null, null, null, WebApp.Settings.DEFAULT_JWT_LEEWAY);

        public Jwt {
            Objects.requireNonNull(leeway, "leeway");
        }
    }

    public ServerSettings {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(jwt, "jwt");
        corsOrigins = List.copyOf(corsOrigins);
        Objects.requireNonNull(attributionInterval, "attributionInterval");
        Objects.requireNonNull(limits, "limits");
    }

    /** The settings with the default statement and lock timeouts. */
    public ServerSettings(String host, int port, Path dataDirectory, String databaseUrl, String databaseUser,
                          String databasePassword, List<String> ingestKeys, String jwtSecret, String jwtPublicKeyPem,
                          Path rulesFile, boolean seedDemoData, int poolSize) {
        this(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys, jwtSecret,
                jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT);
    }

    /** The settings with these timeouts and the defaults of everything added since. */
    public ServerSettings(String host, int port, Path dataDirectory, String databaseUrl, String databaseUser,
                          String databasePassword, List<String> ingestKeys, String jwtSecret, String jwtPublicKeyPem,
                          Path rulesFile, boolean seedDemoData, int poolSize, Duration statementTimeout,
                          Duration lockTimeout) {
        this(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys, jwtSecret,
                jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, statementTimeout, lockTimeout, Jwt.NONE, List.of(),
                defaultAttributionInterval(seedDemoData), null, null, HttpLimits.DEFAULTS);
    }

    /** These settings with these JWKS and claim settings. */
    public ServerSettings withJwt(Jwt newJwt) {
        return new ServerSettings(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys,
                jwtSecret, jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, statementTimeout, lockTimeout, newJwt,
                corsOrigins, attributionInterval, metricsToken, pricesFile, limits);
    }

    /** These settings with these CORS origins. */
    public ServerSettings withCorsOrigins(List<String> origins) {
        return new ServerSettings(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys,
                jwtSecret, jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, statementTimeout, lockTimeout, jwt,
                origins, attributionInterval, metricsToken, pricesFile, limits);
    }

    /** These settings with this background attribution interval. */
    public ServerSettings withAttributionInterval(Duration interval) {
        return new ServerSettings(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys,
                jwtSecret, jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, statementTimeout, lockTimeout, jwt,
                corsOrigins, interval, metricsToken, pricesFile, limits);
    }

    /** These settings with this metrics token. */
    public ServerSettings withMetricsToken(String token) {
        return new ServerSettings(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys,
                jwtSecret, jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, statementTimeout, lockTimeout, jwt,
                corsOrigins, attributionInterval, token, pricesFile, limits);
    }

    /** These settings with this deployment price file. */
    public ServerSettings withPricesFile(Path file) {
        return new ServerSettings(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys,
                jwtSecret, jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, statementTimeout, lockTimeout, jwt,
                corsOrigins, attributionInterval, metricsToken, file, limits);
    }

    /** These settings with these limits. */
    public ServerSettings withLimits(HttpLimits newLimits) {
        return new ServerSettings(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys,
                jwtSecret, jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, statementTimeout, lockTimeout, jwt,
                corsOrigins, attributionInterval, metricsToken, pricesFile, newLimits);
    }

    /**
     * Background attribution runs every 30 s, except with demo data, whose rows the original system left without a
     * provider stay so, to show detection on read and the backfill.
     */
    static Duration defaultAttributionInterval(boolean seedDemoData) {
        return seedDemoData ? Duration.ZERO : DEFAULT_ATTRIBUTION_INTERVAL;
    }

    public boolean embedded() {
        return databaseUrl == null;
    }

    /** Demo mode: the embedded default with no JWT setting. Decided here, once; no request can change it. */
    public boolean demoMode() {
        return embedded() && jwtSecret == null && jwtPublicKeyPem == null && jwt.jwksUrl() == null;
    }

    /**
     * What the web adapter needs of these settings: the ingest keys (and demo mode's key, when there is one), the JWT
     * settings, demo mode (as its user, when {@link #demoMode()}), the metrics token, the CORS origins and the limits.
     */
    public WebApp.Settings web(Optional<String> demoIngestKey, String demoUser) {
        List<String> keys = new java.util.ArrayList<>(ingestKeys);
        demoIngestKey.ifPresent(keys::add);
        return new WebApp.Settings(keys, jwt.jwksUrl(), jwtSecret, jwtPublicKeyPem, jwt.issuer(), jwt.audience(),
                jwt.leeway(), demoMode() ? demoUser : null, metricsToken, corsOrigins, limits);
    }

    /**
     * Reads the settings; a bad value fails with a message naming the variable.
     *
     * @throws IllegalArgumentException naming the variable at fault
     */
    public static ServerSettings fromEnvironment(Map<String, String> env) {
        String databaseUrl = blankToNull(env.get("DATABASE_URL"));
        String jwtSecret = blankToNull(env.get("USAGELENS_JWT_SECRET"));
        String jwtPublicKey = readPem(blankToNull(env.get("USAGELENS_JWT_PUBLIC_KEY")));
        Jwt jwt = jwt(env);
        boolean demo = databaseUrl == null && jwtSecret == null && jwtPublicKey == null && jwt.jwksUrl() == null;
        String host = blankToNull(env.get("USAGELENS_HOST"));
        if (host == null) {
            // Demo mode hands out sign-ins to anyone who asks, so it listens on this machine only.
            host = demo ? "127.0.0.1" : "0.0.0.0";
        }
        int port = integer(env, "PORT", 7070, 0, 65535);
        String dataDirValue = blankToNull(env.get("USAGELENS_DATA_DIR"));
        Path dataDir = Path.of(dataDirValue == null ? "data" : dataDirValue);
        List<String> keys = blankToNull(env.get("USAGELENS_INGEST_KEYS")) == null ? List.of()
                : Arrays.stream(env.get("USAGELENS_INGEST_KEYS").split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        String rules = blankToNull(env.get("USAGELENS_RULES_FILE"));
        String seed = blankToNull(env.get("USAGELENS_SEED_DEMO_DATA"));
        boolean seedDemo;
        if (seed == null) {
            seedDemo = databaseUrl == null;
        } else if (seed.equalsIgnoreCase("true") || seed.equalsIgnoreCase("false")) {
            seedDemo = Boolean.parseBoolean(seed);
        } else {
            throw new IllegalArgumentException("USAGELENS_SEED_DEMO_DATA must be true or false");
        }
        int pool = integer(env, "USAGELENS_DB_POOL_SIZE", 16, 1, 500);
        int statementTimeout = integer(env, "USAGELENS_DB_STATEMENT_TIMEOUT", (int) DEFAULT_STATEMENT_TIMEOUT.toSeconds(), 0, 3600);
        int lockTimeout = integer(env, "USAGELENS_DB_LOCK_TIMEOUT", (int) DEFAULT_LOCK_TIMEOUT.toSeconds(), 0, 3600);
        int attribution = integer(env, "USAGELENS_ATTRIBUTION_INTERVAL",
                (int) defaultAttributionInterval(seedDemo).toSeconds(), 0, 3600);
        String metricsToken = blankToNull(env.get("USAGELENS_METRICS_TOKEN"));
        if (metricsToken != null && metricsToken.length() < 16) {
            throw new IllegalArgumentException("USAGELENS_METRICS_TOKEN must have at least 16 characters");
        }
        return new ServerSettings(host, port, dataDir, databaseUrl, blankToNull(env.get("DATABASE_USER")),
                blankToNull(env.get("DATABASE_PASSWORD")), keys, jwtSecret, jwtPublicKey,
                rules == null ? null : Path.of(rules), seedDemo, pool, Duration.ofSeconds(statementTimeout),
                Duration.ofSeconds(lockTimeout), jwt, corsOrigins(env), Duration.ofSeconds(attribution), metricsToken,
                blankToNull(env.get("USAGELENS_PRICES_FILE")) == null ? null : Path.of(env.get("USAGELENS_PRICES_FILE").trim()),
                limits(env));
    }

    /** The per-client limits; behind a proxy every client has the proxy's address, so they can be raised or turned off. */
    private static HttpLimits limits(Map<String, String> env) {
        return new HttpLimits(
                integer(env, "USAGELENS_MAX_CONNECTIONS_PER_CLIENT", HttpLimits.DEFAULT_MAX_CONNECTIONS_PER_CLIENT, 0, 100_000),
                integer(env, "USAGELENS_MAX_REQUESTS_PER_CLIENT", HttpLimits.DEFAULT_MAX_REQUESTS_PER_CLIENT, 0, 10_000),
                HttpLimits.DEFAULT_HEADER_TIMEOUT,
                Duration.ofSeconds(integer(env, "USAGELENS_BODY_TIMEOUT", (int) HttpLimits.DEFAULT_BODY_TIMEOUT.toSeconds(), 1, 600)),
                integer(env, "USAGELENS_BODY_MIN_RATE", HttpLimits.DEFAULT_BODY_MIN_RATE, 0, 100_000_000));
    }

    private static Jwt jwt(Map<String, String> env) {
        String url = blankToNull(env.get("USAGELENS_JWT_JWKS_URL"));
        URL jwksUrl = null;
        if (url != null) {
            try {
                URI uri = new URI(url.trim());
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(url, "not an http(s) URL");
                }
                jwksUrl = uri.toURL();
            } catch (URISyntaxException | java.net.MalformedURLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("USAGELENS_JWT_JWKS_URL must be an https (or http) URL, e.g."
                        + " https://example.clerk.accounts.dev/.well-known/jwks.json");
            }
        }
        String issuer = blankToNull(env.get("USAGELENS_JWT_ISSUER"));
        String audience = blankToNull(env.get("USAGELENS_JWT_AUDIENCE"));
        int leeway = integer(env, "USAGELENS_JWT_LEEWAY", (int) WebApp.Settings.DEFAULT_JWT_LEEWAY.toSeconds(), 0,
                (int) WebApp.Settings.MAX_JWT_LEEWAY.toSeconds());
        return new Jwt(jwksUrl, issuer == null ? null : issuer.trim(), audience == null ? null : audience.trim(),
                Duration.ofSeconds(leeway));
    }

    /** {@code USAGELENS_CORS_ORIGINS}: comma-separated origins, each scheme://host[:port] with nothing after it. */
    private static List<String> corsOrigins(Map<String, String> env) {
        String value = blankToNull(env.get("USAGELENS_CORS_ORIGINS"));
        if (value == null) {
            return List.of();
        }
        List<String> origins = new java.util.ArrayList<>();
        for (String part : value.split(",")) {
            String origin = part.trim();
            if (origin.isEmpty()) {
                continue;
            }
            if (origin.equals("*") || origin.equals("null")) {
                throw new IllegalArgumentException("USAGELENS_CORS_ORIGINS must list origins, not " + origin
                        + ": credentials are sent, so a wildcard is never allowed");
            }
            try {
                URI uri = new URI(origin);
                boolean plain = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                        && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                        && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
                if (!plain) {
                    throw new URISyntaxException(origin, "not an origin");
                }
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("USAGELENS_CORS_ORIGINS must be origins such as https://app.example.com"
                        + " or http://localhost:3000 (scheme, host and port only), not " + origin);
            }
            origins.add(origin.toLowerCase(java.util.Locale.ROOT));
        }
        return List.copyOf(origins);
    }

    private static int integer(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max);
    }

    /** A PEM given inline, or the path of a file holding it. */
    private static String readPem(String value) {
        if (value == null || value.contains("-----BEGIN")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("USAGELENS_JWT_PUBLIC_KEY must be a PEM public key or the path of a file holding one; cannot read " + value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Hides secrets: the record's default toString would print them. */
    @Override
    public String toString() {
        return "ServerSettings[host=" + host + ", port=" + port + ", embedded=" + embedded() + ", dataDirectory=" + dataDirectory
                + ", ingestKeys=" + ingestKeys.size() + ", jwt=" + jwtDescription()
                + ", rulesFile=" + rulesFile + ", seedDemoData=" + seedDemoData + ", poolSize=" + poolSize
                + ", statementTimeout=" + statementTimeout.toMillis() + "ms, lockTimeout=" + lockTimeout.toMillis()
                + "ms, corsOrigins=" + corsOrigins + ", attributionInterval=" + attributionInterval.toSeconds() + "s"
                + ", metricsToken=" + (metricsToken == null ? "none" : "set") + ", pricesFile=" + pricesFile + ", limits=" + limits + "]";
    }

    private String jwtDescription() {
        List<String> kinds = new java.util.ArrayList<>();
        if (jwtSecret != null) {
            kinds.add("HS256");
        }
        if (jwtPublicKeyPem != null) {
            kinds.add("RS256");
        }
        if (jwt.jwksUrl() != null) {
            kinds.add("JWKS " + jwt.jwksUrl());
        }
        return (kinds.isEmpty() ? "none" : String.join("+", kinds)) + (jwt.issuer() == null ? "" : ", iss=" + jwt.issuer())
                + (jwt.audience() == null ? "" : ", aud=" + jwt.audience()) + ", leeway=" + jwt.leeway().toSeconds() + "s";
    }
}
