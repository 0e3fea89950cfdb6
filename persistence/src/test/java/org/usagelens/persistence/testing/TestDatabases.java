package org.usagelens.persistence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;

/**
 * Real PostgreSQL for tests: the server named by {@code USAGELENS_TEST_DATABASE_URL} (a JDBC or
 * postgresql:// URL of a database whose user may create databases), or else one embedded PostgreSQL
 * started once per test JVM. Every call of {@link #fresh()} creates a new, empty database on it.
 */
public final class TestDatabases {
    /** How many migrations {@code db/migration} holds (V1 to V7): what a fresh database runs, V2 on an adopted one. */
    public static final int MIGRATIONS = 7;

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static DatabaseUrl server;

    private TestDatabases() {
    }

    private static synchronized DatabaseUrl server() {
        if (server == null) {
            String configured = System.getenv("USAGELENS_TEST_DATABASE_URL");
            if (configured != null && !configured.isBlank()) {
                server = DatabaseUrl.parse(configured, null, null);
            } else {
                try {
                    Path dir = Files.createTempDirectory("usagelens-test-pg");
                    EmbeddedDatabase embedded = EmbeddedDatabase.start(dir);
                    // Stopped, and its data directory removed, when the test JVM ends: a build leaves nothing in the
                    // temporary directory (one full build used to leave a few gigabytes of data directories behind).
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            embedded.close();
                        } finally {
                            deleteTree(dir);
                        }
                    }));
                    server = embedded.url();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return server;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not remove the test database directory " + dir + ": " + e);
        }
    }

    /** A new empty database (no tables) on the test server. */
    public static DatabaseUrl fresh() {
        DatabaseUrl base = server();
        String name = "usagelens_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base.jdbcUrl(), base.user(), base.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        int slash = base.jdbcUrl().lastIndexOf('/');
        int query = base.jdbcUrl().indexOf('?', slash);
        String jdbc = base.jdbcUrl().substring(0, slash + 1) + name + (query < 0 ? "" : base.jdbcUrl().substring(query));
        return new DatabaseUrl(jdbc, base.user(), base.password());
    }

    /** The URL of the server's maintenance database, for tests that start a server on it. */
    public static DatabaseUrl serverUrl() {
        return server();
    }
}
