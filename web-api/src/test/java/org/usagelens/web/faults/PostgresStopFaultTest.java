package org.usagelens.web.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.web.faults.FaultClient.Reply;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.wiring.ServerMain;
import org.usagelens.web.wiring.ServerSettings;

/**
 * PostgreSQL stopped while several clients ingest: they get 503 quickly, the server neither hangs nor
 * crashes, ingestion recovers within 10 s of PostgreSQL's return, and every acknowledged event is stored
 * exactly once, every batch all or nothing.
 */
class PostgresStopFaultTest {
    private static final String USER = "pg-stop";
    private static final int WRITERS = 4;
    private static final int BATCH = 100;
    /** Longer than the pool's 3 s wait for a connection, so some requests start and end while it is down. */
    private static final Duration DOWN_FOR = Duration.ofSeconds(5);
    /** The targets. */
    private static final Duration MAX_503_LATENCY = Duration.ofSeconds(5);
    private static final Duration MAX_RECOVERY = Duration.ofSeconds(10);

    /** One attempt to send one batch. */
    record Attempt(String batchId, Reply reply) {
    }

    @Test
    void givenConcurrentIngestion_whenPostgresStopsAndReturns_thenQuick503s_recoveryWithin10s_andEveryAckedEventStoredOnce(
            @TempDir Path dir) throws Exception {
        EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("pg"));
        int pgPort = postgres.port();
        DatabaseUrl url = postgres.url();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, dir, url.jdbcUrl(), url.user(), url.password(),
                List.of(TestServer.INGEST_KEY), TestServer.JWT_SECRET, null, null, false, 8);
        ServerMain.Server server = ServerMain.Server.start(settings, TestClock.standard());
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            FaultClient client = new FaultClient(server.port(), Duration.ofSeconds(20));
            List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
            Set<String> ackedIds = ConcurrentHashMap.newKeySet();
            Set<String> ackedBatches = ConcurrentHashMap.newKeySet();
            Set<String> abandonedBatches = ConcurrentHashMap.newKeySet();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            long hardDeadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();

            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                running.add(writers.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String batchId = "w" + writer + "b" + n;
                        String body = FaultClient.batch(USER, batchId, BATCH);
                        // Like a real client: resend the same ids until the batch is acknowledged.
                        while (true) {
                            inFlight.incrementAndGet();
                            Reply reply = client.postEvents(body);
                            inFlight.decrementAndGet();
                            attempts.add(new Attempt(batchId, reply));
                            if (reply.ok()) {
                                ackedIds.addAll(FaultClient.acknowledgedIds(reply));
                                ackedBatches.add(batchId);
                                break;
                            }
                            if (System.nanoTime() > hardDeadline || reply.status() != 503 && reply.error() == null) {
                                abandonedBatches.add(batchId);
                                return null;
                            }
                            // Shorter than Retry-After, so the test sees the first moment service is back.
                            Thread.sleep(100);
                        }
                    }
                    return null;
                }));
            }

            Thread.sleep(1500);
            awaitInFlight(inFlight);
            int inFlightAtStop = inFlight.get();
            long stopBegin = System.nanoTime();
            postgres.close();
            long down = System.nanoTime();
            Thread.sleep(DOWN_FOR.toMillis());
            long restartBegin = System.nanoTime();
            postgres = EmbeddedDatabase.startOnPort(dir.resolve("pg"), pgPort);
            long started = System.nanoTime();
            // PostgreSQL's return: the moment it accepts a connection ("starting up" may outlast pg_ctl's start).
            long back = awaitAcceptingConnections(new StoredRows(url));

            // Let every writer get through again, then stop them; each finishes the batch it is on.
            long waitUntil = back + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < waitUntil && !everyWriterAckedAfter(attempts, back)) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).as("writers finished: no request hung").isTrue();
            for (Future<?> writer : running) {
                writer.get();
            }

            List<Attempt> all;
            synchronized (attempts) {
                all = List.copyOf(attempts);
            }
            // Requests sent while PostgreSQL was away; one that waited for a connection across its return may succeed.
            List<Attempt> whileDown = all.stream()
                    .filter(a -> a.reply().startNanos() >= down && a.reply().startNanos() < restartBegin).toList();
            List<Attempt> refused = all.stream().filter(a -> a.reply().status() == 503).toList();
            Reply firstOkAfterReturn = all.stream().map(Attempt::reply)
                    .filter(r -> r.ok() && r.endNanos() >= back)
                    .min((a, b) -> Long.compare(a.endNanos(), b.endNanos())).orElse(null);
            Duration slowest503 = refused.stream().map(a -> a.reply().latency()).max(Duration::compareTo).orElse(Duration.ZERO);
            Duration fastest503 = refused.stream().map(a -> a.reply().latency()).min(Duration::compareTo).orElse(Duration.ZERO);

            System.out.printf("PostgresStopFaultTest: %d attempts, %d batches acked (%d events), in flight at stop %d, "
                            + "stop took %d ms, restart took %d ms (accepting connections after %d ms), "
                            + "%d requests sent while down, %d 503s in all (%d..%d ms), "
                            + "first 2xx %s ms after PostgreSQL's return (%s ms after its restart began)%n",
                    all.size(), ackedBatches.size(), ackedIds.size(), inFlightAtStop, ms(down - stopBegin),
                    ms(started - restartBegin), ms(back - restartBegin), whileDown.size(), refused.size(),
                    fastest503.toMillis(), slowest503.toMillis(),
                    firstOkAfterReturn == null ? "never" : String.valueOf(ms(firstOkAfterReturn.endNanos() - back)),
                    firstOkAfterReturn == null ? "never" : String.valueOf(ms(firstOkAfterReturn.endNanos() - restartBegin)));

            // Quick, clean 503s while PostgreSQL is away; no other answer, no connection failure, no hang.
            assertThat(whileDown.stream().filter(a -> a.reply().status() == 503)).as("503s while PostgreSQL was down")
                    .isNotEmpty();
            assertThat(whileDown).allSatisfy(a -> {
                assertThat(a.reply().status()).as("%s", a.reply()).isIn(200, 503);
                assertThat(a.reply().latency()).as("%s", a.reply()).isLessThanOrEqualTo(MAX_503_LATENCY);
            });
            assertThat(refused).allSatisfy(a -> {
                assertThat(a.reply().latency()).as("%s", a.reply()).isLessThanOrEqualTo(MAX_503_LATENCY);
                assertThat(a.reply().retryAfter()).isEqualTo("5");
            });
            assertThat(whileDown.stream().filter(a -> a.reply().ok() && a.reply().endNanos() < restartBegin))
                    .as("2xx while PostgreSQL was down").isEmpty();
            assertThat(all).allSatisfy(a -> assertThat(a.reply().status()).as("%s", a.reply()).isIn(200, 503));
            assertThat(abandonedBatches).as("batches given up").isEmpty();

            // Recovery within 10 s of PostgreSQL's return, for every writer.
            assertThat(firstOkAfterReturn).as("a 2xx after PostgreSQL returned").isNotNull();
            assertThat(Duration.ofNanos(firstOkAfterReturn.endNanos() - back)).isLessThanOrEqualTo(MAX_RECOVERY);
            assertThat(everyWriterAckedAfter(all, back)).as("every writer was served again").isTrue();

            // Reconcile with what PostgreSQL holds: every acknowledged event once, every batch all or nothing.
            StoredRows rows = new StoredRows(url);
            Map<String, Long> perBatch = rows.rowsPerBatch(USER);
            assertThat(rows.keysStoredMoreThanOnce(USER)).isEmpty();
            assertThat(rows.rowsWithKeys(USER, List.copyOf(ackedIds))).isEqualTo(ackedIds.size());
            assertThat(perBatch).allSatisfy((batch, n) -> assertThat(n).as("rows of batch %s", batch).isIn(0L, (long) BATCH));
            assertThat(perBatch.keySet()).containsExactlyInAnyOrderElementsOf(ackedBatches);
            assertThat(ackedIds).hasSize(ackedBatches.size() * BATCH);

            // The server still answers, reads agree with the table, and no pooled connection is left stuck.
            FaultClient reader = new FaultClient(server.port(), Duration.ofSeconds(10));
            assertThat(reader.get("/health", null).status()).isEqualTo(200);
            Reply page = reader.get("/api/subscription/usage-logs?limit=1", TestTokens.forUser(USER));
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            assertThat(page.body()).contains("\"total_count\":" + ackedIds.size());
            assertPoolDrains(server);
        } finally {
            writers.shutdownNow();
            server.close();
            postgres.close();
        }
    }

    private static boolean everyWriterAckedAfter(List<Attempt> attempts, long since) {
        Set<String> writers = ConcurrentHashMap.newKeySet();
        synchronized (attempts) {
            for (Attempt a : attempts) {
                if (a.reply().ok() && a.reply().startNanos() >= since) {
                    writers.add(a.batchId().substring(0, a.batchId().indexOf('b')));
                }
            }
        }
        return writers.size() == WRITERS;
    }

    private static long awaitAcceptingConnections(StoredRows rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (var c = rows.connect(); var s = c.createStatement()) {
                s.execute("SELECT 1");
                return System.nanoTime();
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("PostgreSQL did not accept connections within 60 s of its restart", e);
                }
                Thread.sleep(20);
            }
        }
    }

    private static void awaitInFlight(AtomicInteger inFlight) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (inFlight.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    static void assertPoolDrains(ServerMain.Server server) throws InterruptedException {
        HikariPoolMXBean pool = server.context().getBean(HikariDataSource.class).getHikariPoolMXBean();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((pool.getActiveConnections() > 0 || pool.getThreadsAwaitingConnection() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pool.getActiveConnections()).as("connections still borrowed").isZero();
        assertThat(pool.getThreadsAwaitingConnection()).as("threads still waiting for a connection").isZero();
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
