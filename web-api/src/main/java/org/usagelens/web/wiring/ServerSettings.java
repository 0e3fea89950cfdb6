package org.usagelens.web.wiring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The server's configuration, read once from the environment. Every setting has a default that runs
 * the product on a laptop: an embedded PostgreSQL in {@code ./data}, demo data and demo sign-in.
 *
 * @param databaseUrl      {@code null} to run the embedded PostgreSQL
 * @param statementTimeout longest one SQL statement may run ({@link Duration#ZERO}: no limit)
 * @param lockTimeout      longest one SQL statement may wait for a lock ({@link Duration#ZERO}: no limit)
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
        Duration lockTimeout) {

    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

    public ServerSettings {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    /** The settings with the default statement and lock timeouts. */
    public ServerSettings(String host, int port, Path dataDirectory, String databaseUrl, String databaseUser,
                          String databasePassword, List<String> ingestKeys, String jwtSecret, String jwtPublicKeyPem,
                          Path rulesFile, boolean seedDemoData, int poolSize) {
        this(host, port, dataDirectory, databaseUrl, databaseUser, databasePassword, ingestKeys, jwtSecret,
                jwtPublicKeyPem, rulesFile, seedDemoData, poolSize, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT);
    }

    public boolean embedded() {
        return databaseUrl == null;
    }

    /** Demo mode: the embedded default with no JWT setting. Decided here, once; no request can change it. */
    public boolean demoMode() {
        return embedded() && jwtSecret == null && jwtPublicKeyPem == null;
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
        boolean demo = databaseUrl == null && jwtSecret == null && jwtPublicKey == null;
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
        return new ServerSettings(host, port, dataDir, databaseUrl, blankToNull(env.get("DATABASE_USER")),
                blankToNull(env.get("DATABASE_PASSWORD")), keys, jwtSecret, jwtPublicKey,
                rules == null ? null : Path.of(rules), seedDemo, pool, Duration.ofSeconds(statementTimeout),
                Duration.ofSeconds(lockTimeout));
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
                + ", ingestKeys=" + ingestKeys.size() + ", jwt=" + (jwtSecret != null ? "HS256" : jwtPublicKeyPem != null ? "RS256" : "none")
                + ", rulesFile=" + rulesFile + ", seedDemoData=" + seedDemoData + ", poolSize=" + poolSize
                + ", statementTimeout=" + statementTimeout.toMillis() + "ms, lockTimeout=" + lockTimeout.toMillis() + "ms]";
    }
}
