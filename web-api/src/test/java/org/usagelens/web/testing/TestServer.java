package org.usagelens.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.Json;
import org.usagelens.web.wiring.ServerMain;
import org.usagelens.web.wiring.ServerSettings;

/**
 * The real server (Spring wiring, Javalin on a free port, PostgreSQL) on a fresh database, and a real
 * HTTP client to talk to it.
 * <p>
 * A test class that needs one server for all its tests registers it, and the extension starts it before the class's
 * {@code @BeforeAll} methods (which may seed it) and closes it after the class:
 * <pre>{@code
 * @RegisterExtension
 * static final TestServer server = TestServer.perClass();
 * }</pre>
 * Servers with other settings are started with {@link #start} and closed by the test.
 */
public final class TestServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String INGEST_KEY = "test-ingest-key-0123456789";
    public static final String JWT_SECRET = "test-jwt-secret-that-is-at-least-32-bytes-long!";

    private ServerMain.Server server;
    private DatabaseUrl database;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = Json.mapper();

    private TestServer(ServerMain.Server server, DatabaseUrl database, Clock clock) {
        this.server = server;
        this.database = database;
        this.clock = clock;
    }

    /** The server of {@link #start()} for a test class, started before its {@code @BeforeAll}, closed after it. */
    public static TestServer perClass() {
        return new TestServer(null, null, TestClock.standard());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server != null) {
            throw new IllegalStateException("the server of " + context.getDisplayName() + " is already running");
        }
        database = TestDatabases.fresh();
        server = ServerMain.Server.start(settings(database), clock);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private ServerMain.Server running() {
        if (server == null) {
            throw new IllegalStateException("the server is not running: register it with @RegisterExtension");
        }
        return server;
    }

    /**
     * A server with an ingest key and an HS256 JWT secret, on a fresh database, without demo data, on the
     * {@linkplain TestClock#standard() standard test clock}.
     */
    public static TestServer start() {
        return start(TestClock.standard());
    }

    /** The same, on the given clock. */
    public static TestServer start(Clock clock) {
        DatabaseUrl db = TestDatabases.fresh();
        return start(settings(db), db, clock);
    }

    /** The settings of {@link #start()} for this database. */
    public static ServerSettings settings(DatabaseUrl db) {
        return new ServerSettings("127.0.0.1", 0, Path.of("target/test-data"), db.jdbcUrl(), db.user(),
                db.password(), List.of(INGEST_KEY), JWT_SECRET, null, null, false, 8);
    }

    public static TestServer start(ServerSettings settings, DatabaseUrl database) {
        return start(settings, database, TestClock.standard());
    }

    public static TestServer start(ServerSettings settings, DatabaseUrl database, Clock clock) {
        return new TestServer(ServerMain.Server.start(settings, clock), database, clock);
    }

    /** The server's clock: what tests build timestamps and token expiries from. */
    public Clock clock() {
        return clock;
    }

    public DatabaseUrl database() {
        running();
        return database;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + running().port() + pathAndQuery);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    public HttpResponse<String> postEvents(String body) {
        return send(HttpRequest.newBuilder(uri("/api/usage-events"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public JsonNode json(HttpResponse<String> response) {
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
