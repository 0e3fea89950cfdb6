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
import org.usagelens.domain.testing.TestClock;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.Json;
import org.usagelens.web.wiring.ServerMain;
import org.usagelens.web.wiring.ServerSettings;

/**
 * The real server (Spring wiring, Javalin on a free port, PostgreSQL) on a fresh database, and a real
 * HTTP client to talk to it.
 */
public final class TestServer implements AutoCloseable {
    public static final String INGEST_KEY = "test-ingest-key-0123456789";
    public static final String JWT_SECRET = "test-jwt-secret-that-is-at-least-32-bytes-long!";

    private final ServerMain.Server server;
    private final DatabaseUrl database;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = Json.mapper();

    private TestServer(ServerMain.Server server, DatabaseUrl database, Clock clock) {
        this.server = server;
        this.database = database;
        this.clock = clock;
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
        return database;
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
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
        server.close();
    }
}
