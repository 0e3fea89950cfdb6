package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.wiring.ServerMain;
import org.usagelens.web.wiring.ServerSettings;

/**
 * The dashboard in headless Chromium against the real server in demo mode: its own embedded
 * PostgreSQL, demo data seeded, demo sign-in. Runs {@code frontend/e2e/dashboard.e2e.mjs} (playwright-core
 * driving Debian's {@code /usr/bin/chromium}, which {@code .ci/run} installs) and fails on any failed
 * check, or when Node, the frontend's node_modules or Chromium is missing: it never skips. Screenshots,
 * the downloaded CSV and the run's output land in {@code target/e2e-screenshots}.
 *
 * <p>The whole run is repeated with the server's clock at the edges of time (the first and last minute of a
 * month, 31 December 23:59 running into the new year, 29 February); the script starts every browser context on
 * the server's clock. What it expects follows from that clock, never from the day the build runs.
 */
class DashboardEndToEndTest {
    private static final String INGEST_KEY = "e2e-ingest-key-0123456789abcdef";
    private static final Path FRONTEND = Path.of("..", "frontend").toAbsolutePath().normalize();
    private static final Path OUTPUT = Path.of("target", "e2e-screenshots").toAbsolutePath();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(6);

    private static ServerMain.Server server;
    private static String baseUrl;

    @BeforeAll
    static void start() throws IOException {
        server = startDemo("default", TestClock.standard());
        baseUrl = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Demo mode exactly as `java -jar usagelens-server.jar` with no configuration runs it (embedded database, no
     * JWT setting, demo data), on its own data directory, plus an ingest key so the test can post its own events.
     */
    private static ServerMain.Server startDemo(String name, Clock clock) throws IOException {
        Path dataDir = Path.of("target", "e2e-data", name).toAbsolutePath();
        deleteRecursively(dataDir);
        ServerSettings demo = new ServerSettings("127.0.0.1", 0, dataDir, null, null, null, List.of(INGEST_KEY),
                null, null, null, true, 8);
        assertThat(demo.demoMode()).isTrue();
        return ServerMain.Server.start(demo, clock);
    }

    /** The instants the whole end-to-end run is repeated at, named for the edge of time each one is. */
    static Stream<Arguments> edgesOfTime() {
        return Stream.of(
                Arguments.of("first-minute-of-a-month", Instant.parse("2027-03-01T00:00:20Z")),
                Arguments.of("last-minute-of-a-month", Instant.parse("2027-04-30T23:59:10Z")),
                Arguments.of("new-years-eve-into-january", Instant.parse("2026-12-31T23:59:00Z")),
                Arguments.of("leap-day", Instant.parse("2028-02-29T23:58:00Z")));
    }

    @Test
    void viewsAndDeepLinks_areAnsweredWithTheApp() {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/", "/analytics", "/analytics/", "/analytics?billing_period=2026-11", "/trends",
                "/analytics?range=7d",
                "/?provider=wavespeed&status=failed&page=2")) {
            HttpResponse<String> response = send(http, path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(response.body()).as(path).contains("<div id=\"root\">");
        }
    }

    @Test
    void dashboard_inHeadlessChromium_passesEveryEndToEndCheck() throws Exception {
        runScript(baseUrl, OUTPUT, TestClock.standard().instant());
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("edgesOfTime")
    void dashboard_atTheEdgesOfTime_passesEveryEndToEndCheck(String name, Instant instant) throws Exception {
        TestClock clock = new TestClock(instant);
        try (ServerMain.Server edge = startDemo(name, clock)) {
            runScript("http://127.0.0.1:" + edge.port(), OUTPUT.resolve(name), clock.instant());
        }
    }

    private static void runScript(String base, Path output, Instant seededAt) throws Exception {
        Path script = FRONTEND.resolve("e2e/dashboard.e2e.mjs");
        assertThat(script).as("the end-to-end script").exists();
        assertThat(FRONTEND.resolve("node_modules/playwright-core/package.json"))
                .as("playwright-core, installed by the frontend build's npm ci (build the frontend module first)")
                .exists();
        String chromium = System.getenv().getOrDefault("USAGELENS_CHROMIUM", "/usr/bin/chromium");
        assertThat(Path.of(chromium))
                .as("Chromium at %s: install Debian's chromium package (.ci/run does); this test never skips", chromium)
                .exists();

        Files.createDirectories(output);
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), base)
                .directory(FRONTEND.toFile())
                .redirectErrorStream(true);
        builder.environment().put("USAGELENS_CHROMIUM", chromium);
        builder.environment().put("USAGELENS_SCREENSHOTS", output.toString());
        builder.environment().put("USAGELENS_INGEST_KEY", INGEST_KEY);
        builder.environment().put("USAGELENS_SEEDED_AT", seededAt.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run node (Node.js 20+ must be on the PATH): " + e.getMessage(), e);
        }
        StringBuilder text = new StringBuilder();
        Thread pump = new Thread(() -> copyLines(process, text), "e2e-output");
        pump.start();
        boolean finished = process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        Files.writeString(output.resolve("e2e-output.txt"), text.toString(), StandardCharsets.UTF_8);

        assertThat(finished).as("the end-to-end run finished within %s:%n%s", RUN_LIMIT, text).isTrue();
        assertThat(process.exitValue()).as("the end-to-end run's exit code:%n%s", text).isZero();
        assertThat(output.resolve("logs-1280.png")).exists();
        assertThat(output.resolve("analytics-1280.png")).exists();
        assertThat(output.resolve("logs-390.png")).exists();
        assertThat(output.resolve("analytics-390.png")).exists();
        assertThat(output.resolve("trends-1280.png")).exists();
        assertThat(output.resolve("recommendations-1280.png")).exists();
    }

    private static void copyLines(Process process, StringBuilder output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println("[e2e] " + line);
                synchronized (output) {
                    output.append(line).append(System.lineSeparator());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Accept", "text/html")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
