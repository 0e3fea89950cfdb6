package org.usagelens.web.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.usagelens.persistence.DatabaseUrl;

/** The real server in its own JVM, as it runs in production, pointed at a given PostgreSQL. */
final class ServerProcess implements AutoCloseable {
    /**
     * The clock of a server in a child JVM: the system's. Load programs measure real servers in real time; tests
     * that need an instant of their own run the server in-process on a {@code TestClock}.
     */
    static final java.time.Clock CLOCK = java.time.Clock.systemUTC();

    private final Process process;
    private final URI base;

    private ServerProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    static ServerProcess start(DatabaseUrl database, String ingestKey, String jwtSecret, Path log, String heap)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-cp", System.getProperty("java.class.path"), "org.usagelens.web.wiring.ServerMain"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password() == null ? "" : database.password());
        env.put("USAGELENS_INGEST_KEYS", ingestKey);
        env.put("USAGELENS_JWT_SECRET", jwtSecret);
        env.put("USAGELENS_HOST", "127.0.0.1");
        env.put("PORT", Integer.toString(port));
        Files.createDirectories(log.getParent());
        ServerProcess server = new ServerProcess(builder.start(), URI.create("http://127.0.0.1:" + port + "/"));
        server.awaitHealthy(log);
        return server;
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    private void awaitHealthy(Path log) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newHttpClient();
        // Generous: the first start after a new migration may rewrite a large table before it answers.
        Duration patience = Duration.ofMinutes(15);
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not become healthy within " + patience.toMinutes() + " min; see " + log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

}
