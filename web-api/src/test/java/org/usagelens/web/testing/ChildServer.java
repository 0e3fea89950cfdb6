package org.usagelens.web.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.usagelens.persistence.DatabaseUrl;

/**
 * The real server in a child JVM of its own (this JVM's {@code java}, the test classpath, the given JVM options such
 * as a small {@code -Xmx}), started by {@link TestClockServerMain} on a clock that starts at this test's instant,
 * against an already migrated database, with {@link TestServer#JWT_SECRET}, on a free port of 127.0.0.1. Its standard
 * output and error go to {@code server.log} in its data directory: {@link #log()} reads it (an OutOfMemoryError, say).
 * {@link #start} returns once {@code /health} answers 200; closing it stops the child.
 */
public final class ChildServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI base;
    private final Path log;

    private ChildServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts the server and waits until {@code /health} answers 200.
     *
     * @param jvmOptions e.g. {@code -Xmx64m}, placed before the classpath
     * @throws AssertionError when the child exits, or does not answer within 60 s, with its log
     */
    public static ChildServer start(DatabaseUrl db, Path dataDir, Clock clock, String... jvmOptions)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(command(clock, jvmOptions));
        Map<String, String> env = pb.environment();
        env.put("DATABASE_URL", db.jdbcUrl());
        env.put("DATABASE_USER", db.user());
        if (db.password() != null) {
            env.put("DATABASE_PASSWORD", db.password());
        }
        env.put("USAGELENS_JWT_SECRET", TestServer.JWT_SECRET);
        env.put("USAGELENS_HOST", "127.0.0.1");
        env.put("PORT", String.valueOf(port));
        env.put("USAGELENS_DATA_DIR", dataDir.toString());
        Path log = dataDir.resolve("server.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        ChildServer server = new ChildServer(pb.start(), URI.create("http://127.0.0.1:" + port), log);
        try {
            server.awaitHealth();
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The child's command line: this JVM's java, the options, the test classpath, the clock's instant, the main. */
    static List<String> command(Clock clock, String... jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("-D" + TestClockServerMain.CLOCK_PROPERTY + "=" + clock.instant());
        command.add(TestClockServerMain.class.getName());
        return command;
    }

    private void awaitHealth() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server exited: %s", log()).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(uri("/health")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("server did not start: " + log());
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI base() {
        return base;
    }

    public URI uri(String pathAndQuery) {
        return base.resolve(pathAndQuery);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the child has written to its standard output and error so far. */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the child (SIGTERM, so its shutdown hook closes the server), forcibly after 10 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
