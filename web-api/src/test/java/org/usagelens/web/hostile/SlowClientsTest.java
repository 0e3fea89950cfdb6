package org.usagelens.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.HttpLimits;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.wiring.ServerSettings;

/**
 * Slow clients against the real server over real sockets (issue 15, finding 3). Attackers connect from 127.0.0.2
 * and further loopback addresses, the well-behaved client from 127.0.0.1, so the server sees separate clients, as it
 * would on a network. {@code server} runs with the shipped limits; {@code tight} with small ones (2 requests and 8
 * connections per client, 2 s for a request head, 3 s for a body), so that every limit is reached in seconds.
 */
class SlowClientsTest {
    private static final HttpLimits TIGHT = new HttpLimits(8, 2, Duration.ofSeconds(2), Duration.ofSeconds(3), 1024);
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Per-client limits off, the API limited to 2 requests at once, waiting 2 s at most for a place. */
    private static final HttpLimits BUSY = HttpLimits.DEFAULTS.withMaxRequestsPerClient(0).withApiConcurrency(2, Duration.ofSeconds(2));
    private static TestServer server;
    private static TestServer tight;
    private static TestServer busy;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        DatabaseUrl db = TestDatabases.fresh();
        tight = TestServer.start(TestServer.settings(db).withLimits(TIGHT), db);
        DatabaseUrl busyDb = TestDatabases.fresh();
        // A lock timeout longer than the test holds its lock, so that the requests behind it end in 200s.
        busy = TestServer.start(new ServerSettings("127.0.0.1", 0, Path.of("target/test-data"), busyDb.jdbcUrl(),
                busyDb.user(), busyDb.password(), List.of(TestServer.INGEST_KEY), TestServer.JWT_SECRET, null, null, false,
                8, Duration.ofSeconds(30), Duration.ofSeconds(30)).withLimits(BUSY), busyDb);
        for (TestServer s : List.of(server, tight, busy)) {
            assertThat(s.postEvents(Events.batch(Events.video("alice", "a1"))).statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        tight.close();
        busy.close();
    }

    /**
     * 260 connections of one client sending one byte of their body every 2 s (and coming back when cut off) held all
     * 250 worker threads: /health and every API call timed out while they lasted.
     */
    @Test
    void slowBodiesFromOneClient_doNotStopHealthNorOtherClients() throws Exception {
        byte[] body = Events.batch(Events.video("slow", "s1")).getBytes(StandardCharsets.UTF_8);
        List<Long> health = new ArrayList<>();
        List<Long> logs = new ArrayList<>();
        List<Integer> ingest = new ArrayList<>();
        SlowClients.Swarm swarm = new SlowClients.Swarm(260, "127.0.0.2", port(server),
                SlowClients.ingestHead(TestServer.INGEST_KEY, body.length), body, 1, 2_000).start();
        try {
            Thread.sleep(2_500); // every connection has sent its head and the first byte of its body
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            for (int i = 0; System.nanoTime() < end; i++) {
                health.add(probe(server, "/health", null));
                logs.add(probe(server, "/api/subscription/usage-logs", TestTokens.forUser("alice")));
                if (i % 5 == 0) {
                    ingest.add(server.postEvents(Events.batch(Events.video("normal", "n" + i))).statusCode());
                }
                Thread.sleep(200);
            }
        } finally {
            swarm.close();
        }
        List<String> answers = swarm.answers();
        System.out.printf("SlowClientsTest: 260 slow bodies from one client for 8.5 s: %d connections opened, %d closed"
                        + " at once (over %d per client), %d answered 408 %s ms after their head; /health max %d ms (median %d),"
                        + " usage-logs max %d ms (median %d), %d probes each; %d normal batches stored%n",
                swarm.opened(), swarm.closedWithoutAnswer(), HttpLimits.DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
                answers.size(), range(swarm.answerMillis()), max(health), median(health), max(logs), median(logs),
                health.size(), ingest.size());
        assertThat(health).as("/health latencies in ms (-1: no answer within 2 s)").allSatisfy(ms -> assertThat(ms).isBetween(0L, 1_000L));
        assertThat(logs).as("usage-logs latencies in ms (-1: no answer within 2 s)").allSatisfy(ms -> assertThat(ms).isBetween(0L, 1_000L));
        assertThat(ingest).as("the normal client's batches").isNotEmpty().allSatisfy(status -> assertThat(status).isEqualTo(200));
        assertThat(swarm.closedWithoutAnswer()).as("connections beyond the per-client limit, closed as they opened")
                .isGreaterThanOrEqualTo(260 - HttpLimits.DEFAULT_MAX_CONNECTIONS_PER_CLIENT);
        assertThat(answers).as("the slow bodies the server took: each refused once below the minimum rate").isNotEmpty()
                .allSatisfy(a -> assertThat(a).startsWith("HTTP/1.1 408").contains("\"status\":408", "below the minimum"));
        // The body's time counts from its head, sent as the connection opens; no body is cut before the 2 s grace.
        assertThat(swarm.answerMillis()).as("ms from the opening to the 408").allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(2_000L));
        assertThat(rows(server, "slow")).as("no slow event was stored").isZero();
    }

    /** A body trickled at one byte every 500 ms is refused once its average rate counts, long before the deadline. */
    @Test
    void trickledBody_isRefusedBelowTheMinimumRate_longBeforeTheDeadline() throws Exception {
        byte[] body = Events.batch(Events.video("trickle", "t1")).getBytes(StandardCharsets.UTF_8);
        try (SlowClients.Slow slow = new SlowClients.Slow("127.0.0.3", port(server))) {
            byte[] head = SlowClients.ingestHead(TestServer.INGEST_KEY, body.length);
            slow.send(head, 0, head.length);
            for (int sent = 0; sent < body.length && !slow.awaitAnswerOrClose(500); sent++) {
                slow.send(body, sent, 1);
            }
            long answeredAfter = slow.elapsedMillis();
            assertThat(slow.status()).as(slow.answer()).isEqualTo(408);
            assertThat(slow.answer()).contains("application/json", "Connection: close", "\"status\":408",
                    "below the minimum of " + HttpLimits.DEFAULT_BODY_MIN_RATE + " bytes/s", "nosniff");
            assertThat(answeredAfter).as("ms until the 408; the deadline is %s", HttpLimits.DEFAULT_BODY_TIMEOUT)
                    .isBetween(2_000L, 4_000L);
            assertThat(slow.awaitClosed(2_000)).as("the connection is closed after the 408").isTrue();
        }
        assertThat(rows(server, "trickle")).isZero();
    }

    /** A body arriving faster than the minimum rate, but not within the deadline, gets a 408 at the deadline. */
    @Test
    void bodyAboveTheMinimumRate_butPastTheDeadline_getsA408AtTheDeadline() {
        byte[] body = new byte[64 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        try (SlowClients.Slow slow = new SlowClients.Slow("127.0.0.3", port(tight))) {
            byte[] head = SlowClients.ingestHead(TestServer.INGEST_KEY, body.length);
            slow.send(head, 0, head.length);
            // 2 KiB every 200 ms: 10 KiB/s, ten times the minimum rate; the whole body would take 6.4 s.
            for (int sent = 0; sent < body.length && !slow.awaitAnswerOrClose(200); sent += 2048) {
                slow.send(body, sent, 2048);
            }
            assertThat(slow.status()).as(slow.answer()).isEqualTo(408);
            assertThat(slow.answer()).contains("did not arrive within 3 s", "\"status\":408");
            assertThat(slow.elapsedMillis()).as("ms until the 408, deadline 3 s").isBetween(3_000L, 4_500L);
            assertThat(slow.awaitClosed(2_000)).as("the connection is closed after the 408").isTrue();
        }
    }

    /** A request head trickled one byte at a time, or never sent, ends with the connection after the header timeout. */
    @Test
    void slowRequestHead_isClosedAfterTheHeaderTimeout() {
        try (SlowClients.Slow silent = new SlowClients.Slow("127.0.0.3", port(tight));
             SlowClients.Slow slow = new SlowClients.Slow("127.0.0.3", port(tight))) {
            slow.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            while (!slow.awaitAnswerOrClose(300) && slow.elapsedMillis() < 6_000) {
                slow.send("a");
            }
            assertThat(slow.closedByServer()).as("closed by the server").isTrue();
            assertThat(slow.status()).as("no answer: " + slow.answer()).isEqualTo(-1);
            assertThat(slow.elapsedMillis()).as("ms until closed, header timeout 2 s").isBetween(2_000L, 3_500L);
            assertThat(silent.awaitClosed(1_000)).as("a connection that sends nothing is closed too").isTrue();
        }
        // On a kept-alive connection the next head's time starts with its first byte: idling is not punished.
        try (SlowClients.Slow keptAlive = new SlowClients.Slow("127.0.0.3", port(tight))) {
            keptAlive.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(keptAlive.awaitAnswerOrClose(2_000)).isTrue();
            assertThat(keptAlive.status()).isEqualTo(200);
            assertThat(keptAlive.awaitClosed(2_500)).as("idle past the header timeout, still open").isFalse();
            long nextHead = keptAlive.elapsedMillis();
            keptAlive.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            while (!keptAlive.awaitClosed(300) && keptAlive.elapsedMillis() < nextHead + 6_000) {
                keptAlive.send("a");
            }
            assertThat(keptAlive.closedByServer()).isTrue();
            assertThat(keptAlive.elapsedMillis() - nextHead).as("ms from the next head's first byte").isBetween(2_000L, 3_500L);
        }
    }

    /** Connections beyond the per-client limit are closed as they open; other clients and the first ones are served. */
    @Test
    void connectionsBeyondThePerClientLimit_areClosed_otherClientsAreNot() throws Exception {
        List<SlowClients.Slow> conns = new ArrayList<>();
        try {
            for (int i = 0; i < TIGHT.maxConnectionsPerClient() + 4; i++) {
                conns.add(new SlowClients.Slow("127.0.0.4", port(tight)));
            }
            Thread.sleep(500);
            // Jetty opens connections on several selector threads, so which ones are beyond the limit is not the
            // order they were made in; how many is.
            List<SlowClients.Slow> open = new ArrayList<>();
            for (SlowClients.Slow c : conns) {
                if (!c.awaitClosed(20)) {
                    open.add(c);
                }
            }
            assertThat(open).as("connections of one client left open (limit %d)", TIGHT.maxConnectionsPerClient())
                    .hasSize(TIGHT.maxConnectionsPerClient());
            assertThat(probe(tight, "/health", null)).as("another client").isBetween(0L, 1_000L);
            SlowClients.Slow first = open.get(0);
            first.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(first.awaitAnswerOrClose(2_000)).isTrue();
            assertThat(first.status()).as("a connection within the limit").isEqualTo(200);
        } finally {
            conns.forEach(SlowClients.Slow::close);
        }
        Thread.sleep(200); // the server notices the closes
        try (SlowClients.Slow again = new SlowClients.Slow("127.0.0.4", port(tight))) {
            again.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(again.awaitAnswerOrClose(2_000)).isTrue();
            assertThat(again.status()).as("the client's connections were counted down as they closed").isEqualTo(200);
        }
    }

    /**
     * Requests of one client beyond its limit wait for one of its own to finish, holding no thread: behind a table
     * lock, 5 requests of one client are 2 queries waiting for the lock, and the other 3 never reach the database
     * until those are done; meanwhile another client is answered at once.
     */
    @Test
    void requestsBeyondThePerClientLimit_waitForTheClientsOwn() throws Exception {
        DatabaseUrl url = tight.database();
        List<SlowClients.Slow> requests = new ArrayList<>();
        try (Connection lock = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Connection watch = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE api_usage_logs IN ACCESS EXCLUSIVE MODE");
            String token = TestTokens.forUser("alice");
            for (int i = 0; i < 5; i++) {
                SlowClients.Slow r = new SlowClients.Slow("127.0.0.5", port(tight));
                r.send("GET /api/subscription/usage-logs?limit=" + (i + 1) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + token + "\r\nConnection: close\r\n\r\n");
                requests.add(r);
            }
            Thread.sleep(1_500);
            int waiting = waitingForTheLock(watch);
            long otherClient = probe(tight, "/api/providers", null);
            lock.commit();
            for (SlowClients.Slow r : requests) {
                assertThat(r.awaitAnswerOrClose(10_000)).isTrue();
                assertThat(r.status()).as(r.answer()).isEqualTo(200);
            }
            assertThat(waiting).as("queries of the client waiting for the lock (limit %d)", TIGHT.maxRequestsPerClient())
                    .isEqualTo(TIGHT.maxRequestsPerClient());
            assertThat(otherClient).as("another client meanwhile").isBetween(0L, 1_000L);
        } finally {
            requests.forEach(SlowClients.Slow::close);
        }
    }

    /**
     * With the API at its limit (2 requests waiting behind a table lock), /health still answers at once: it never
     * waits behind the API, so the worker threads the API may not take stay free for it. A third API request waits,
     * holding no thread, and gets a 503 with the error body once it has waited 2 s.
     */
    @Test
    void apiAtItsLimit_healthStillAnswers_andTheNextRequestGetsA503() throws Exception {
        DatabaseUrl url = busy.database();
        List<SlowClients.Slow> requests = new ArrayList<>();
        try (Connection lock = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE api_usage_logs IN ACCESS EXCLUSIVE MODE");
            String token = TestTokens.forUser("alice");
            for (int i = 0; i < 2; i++) {
                SlowClients.Slow r = new SlowClients.Slow("127.0.0.7", port(busy));
                r.send("GET /api/subscription/usage-logs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nConnection: close\r\n\r\n");
                requests.add(r);
            }
            Thread.sleep(500);
            try (SlowClients.Slow third = new SlowClients.Slow("127.0.0.8", port(busy))) {
                third.send("GET /api/providers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                long health = probe(busy, "/health", null);
                assertThat(third.awaitAnswerOrClose(BUSY.apiQueueTimeout().toMillis() + 1_500)).isTrue();
                long waited = third.elapsedMillis();
                System.out.printf("SlowClientsTest: API at its limit of %d: /health answered in %d ms; the next API request"
                        + " got %d after %d ms%n", BUSY.maxApiRequests(), health, third.status(), waited);
                assertThat(health).as("/health while the API is at its limit").isBetween(0L, 1_000L);
                assertThat(third.status()).as(third.answer()).isEqualTo(503);
                assertThat(third.answer()).contains("Retry-After: 5", "\"status\":503", "the server is busy", "nosniff");
                assertThat(waited).as("ms the third request waited for a place").isBetween(2_000L, 3_500L);
            }
            lock.rollback();
            for (SlowClients.Slow r : requests) {
                assertThat(r.awaitAnswerOrClose(10_000)).isTrue();
                assertThat(r.status()).as("the requests holding the places, once the lock is gone: " + r.answer()).isEqualTo(200);
            }
        } finally {
            requests.forEach(SlowClients.Slow::close);
        }
    }

    /** A well-behaved client whose body comes in two parts a second apart is not hurried. */
    @Test
    void bodyInTwoPartsASecondApart_isStored() throws Exception {
        byte[] body = Events.batch(Events.video("pause", "p1")).getBytes(StandardCharsets.UTF_8);
        try (SlowClients.Slow client = new SlowClients.Slow("127.0.0.6", port(server))) {
            byte[] head = SlowClients.ingestHead(TestServer.INGEST_KEY, body.length);
            client.send(head, 0, head.length);
            client.send(body, 0, body.length / 2);
            Thread.sleep(1_000);
            client.send(body, body.length / 2, body.length - body.length / 2);
            assertThat(client.awaitAnswerOrClose(5_000)).isTrue();
            assertThat(client.status()).as(client.answer()).isEqualTo(200);
            assertThat(client.answer()).contains("\"stored\":1");
        }
        assertThat(rows(server, "pause")).isEqualTo(1);
    }

    private static int waitingForTheLock(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_class c"
                + " ON c.oid = l.relation WHERE c.relname = 'api_usage_logs' AND NOT l.granted")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long rows(TestServer s, String user) throws SQLException {
        DatabaseUrl url = s.database();
        try (Connection db = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             var ps = db.prepareStatement("SELECT count(*) FROM api_usage_logs WHERE user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Milliseconds until a 200, or -1 when there was none within 2 s. */
    private static long probe(TestServer s, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(s) + path))
                .timeout(Duration.ofSeconds(2)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = PROBE.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) : -1;
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static long max(List<Long> values) {
        return values.stream().anyMatch(v -> v < 0) ? -1 : values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }

    private static String range(List<Long> values) {
        return values.isEmpty() ? "-" : values.stream().mapToLong(Long::longValue).min().getAsLong() + "–"
                + values.stream().mapToLong(Long::longValue).max().getAsLong();
    }

    private static int port(TestServer s) {
        return s.uri("/").getPort();
    }
}
