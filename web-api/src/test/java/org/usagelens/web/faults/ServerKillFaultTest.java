package org.usagelens.web.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.web.faults.FaultClient.Reply;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.TestClockServerMain;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * The server process killed with SIGKILL while it ingests 1000-event batches, several times: every batch
 * is stored entirely or not at all, every acknowledged batch is stored, a client's resend of a batch that
 * was cut off is either all stored or all duplicate, and the restarted server serves again.
 */
class ServerKillFaultTest {
    private static final String USER = "kill";
    private static final int BATCH = 1000;
    private static final int SENDERS = 2;
    private static final int KILLS = 3;
    private static final Path CHILD_LOG = Path.of("target", "faults", "server-kill-child.log");

    /** Who was told what about one batch. */
    record Sent(String batchId, boolean acknowledged, boolean cutOff) {
    }

    @Test
    void givenLargeBatchesInFlight_whenServerIsKilledRepeatedly_thenEveryBatchIsAllOrNothing_andAckedBatchesAreStored(
            @TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        int port = freePort();
        EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("pg"));
        DatabaseUrl url = postgres.url();
        StoredRows rows = new StoredRows(url);
        Files.createDirectories(CHILD_LOG.getParent());
        Files.deleteIfExists(CHILD_LOG);
        List<Sent> sent = new ArrayList<>();
        List<Integer> inFlightAtKill = new ArrayList<>();
        List<Long> startupMillis = new ArrayList<>();
        Process child = null;
        try {
            FaultClient client = new FaultClient(port, Duration.ofSeconds(30));
            for (int round = 0; round < KILLS; round++) {
                long begin = System.nanoTime();
                child = startChild(url, port, dir.resolve("server"));
                awaitHealthy(client, child);
                startupMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));

                List<Sent> roundSent = new ArrayList<>();
                AtomicInteger inFlight = new AtomicInteger();
                AtomicInteger acked = new AtomicInteger();
                AtomicBoolean dead = new AtomicBoolean();
                ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
                List<Future<List<Sent>>> running = new ArrayList<>();
                for (int s = 0; s < SENDERS; s++) {
                    String prefix = "r" + round + "s" + s + "b";
                    running.add(senders.submit(() -> send(client, prefix, inFlight, acked, dead)));
                }
                // Kill at a random moment once ingestion is under way, while batches are in flight.
                long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (acked.get() == 0 && System.nanoTime() < waitUntil) {
                    Thread.sleep(10);
                }
                assertThat(acked.get()).as("a batch was acknowledged before the kill").isPositive();
                Thread.sleep(200 + random.nextInt(1300));
                while (inFlight.get() == 0 && System.nanoTime() < waitUntil) {
                    Thread.onSpinWait();
                }
                inFlightAtKill.add(inFlight.get());
                dead.set(true);
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("killed server exits").isTrue();
                assertThat(child.exitValue()).as("exit status of SIGKILL").isEqualTo(137);
                senders.shutdown();
                assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).as("senders notice the kill").isTrue();
                for (Future<List<Sent>> f : running) {
                    roundSent.addAll(f.get());
                }
                sent.addAll(roundSent);

                // PostgreSQL finishes what the dead server had sent; then no batch may be partly stored.
                rows.awaitNoActiveStatements("usagelens-server", Duration.ofSeconds(15));
                assertAllOrNothing(rows.rowsPerBatch(USER), sent);
            }

            // Restarted, the server serves again, and a client resending each cut-off batch gets all or nothing.
            long begin = System.nanoTime();
            child = startChild(url, port, dir.resolve("server"));
            awaitHealthy(client, child);
            startupMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            int cutOffCommitted = 0;
            List<Sent> cutOff = sent.stream().filter(Sent::cutOff).toList();
            for (Sent s : cutOff) {
                Reply resend = client.postEvents(FaultClient.batch(USER, s.batchId(), BATCH));
                assertThat(resend.status()).as("%s", resend).isEqualTo(200);
                int[] counts = FaultClient.storedAndDuplicates(resend);
                assertThat(counts).as("resend of cut-off batch %s: stored, duplicates", s.batchId())
                        .isIn(new int[] {BATCH, 0}, new int[] {0, BATCH});
                if (counts[1] == BATCH) {
                    cutOffCommitted++;
                }
            }
            Reply fresh = client.postEvents(FaultClient.batch(USER, "after", BATCH));
            assertThat(fresh.status()).as("%s", fresh).isEqualTo(200);
            assertThat(FaultClient.storedAndDuplicates(fresh)).containsExactly(BATCH, 0);

            Map<String, Long> perBatch = rows.rowsPerBatch(USER);
            assertThat(rows.keysStoredMoreThanOnce(USER)).isEmpty();
            assertThat(perBatch).allSatisfy((batch, n) -> assertThat(n).as("rows of batch %s", batch).isEqualTo(BATCH));
            long ackedBatches = sent.stream().filter(Sent::acknowledged).count();
            assertThat(perBatch).hasSize((int) ackedBatches + cutOff.size() + 1);
            Reply page = client.get("/api/subscription/usage-logs?limit=1", TestTokens.forUser(USER));
            assertThat(page.body()).contains("\"total_count\":" + perBatch.size() * (long) BATCH);

            System.out.printf("ServerKillFaultTest (seed %d): %d kills with %s requests in flight, %d batches of %d "
                            + "acknowledged, %d cut off by the kill (%d of them had committed, %d had not), %d batches "
                            + "checked all-or-nothing; server start-up %s ms%n",
                    seed, KILLS, inFlightAtKill, ackedBatches, BATCH, cutOff.size(), cutOffCommitted,
                    cutOff.size() - cutOffCommitted, perBatch.size(), startupMillis);
            assertThat(cutOff).as("batches in flight at a kill").isNotEmpty();

            child.destroy();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            postgres.close();
        }
    }

    /** Sends batches until the server dies; a batch whose answer the kill cut off is reported as such. */
    private static List<Sent> send(FaultClient client, String prefix, AtomicInteger inFlight, AtomicInteger acked,
                                   AtomicBoolean dead) {
        List<Sent> sent = new ArrayList<>();
        for (int n = 0; ; n++) {
            String batchId = prefix + n;
            String body = FaultClient.batch(USER, batchId, BATCH);
            inFlight.incrementAndGet();
            Reply reply = client.postEvents(body);
            inFlight.decrementAndGet();
            if (reply.ok()) {
                assertThat(FaultClient.storedAndDuplicates(reply)).containsExactly(BATCH, 0);
                sent.add(new Sent(batchId, true, false));
                acked.incrementAndGet();
            } else if (reply.error() != null && dead.get()) {
                sent.add(new Sent(batchId, false, true));
                return sent;
            } else {
                throw new AssertionError("batch " + batchId + " before the kill: " + reply);
            }
        }
    }

    private static void assertAllOrNothing(Map<String, Long> perBatch, List<Sent> sent) {
        assertThat(perBatch).allSatisfy((batch, n) -> assertThat(n).as("rows of batch %s", batch).isEqualTo(BATCH));
        for (Sent s : sent) {
            if (s.acknowledged()) {
                assertThat(perBatch.get(s.batchId())).as("rows of acknowledged batch %s", s.batchId()).isEqualTo(BATCH);
            }
        }
    }

    private static Process startChild(DatabaseUrl url, int port, Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // The child runs on the standard test clock, as the parent's events and tokens do.
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath, "-D" + TestClockServerMain.CLOCK_PROPERTY + "=" + TestClock.standard().instant(),
                TestClockServerMain.class.getName());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("USAGELENS_") || k.startsWith("DATABASE_") || k.equals("PORT"));
        env.put("PORT", String.valueOf(port));
        env.put("USAGELENS_HOST", "127.0.0.1");
        env.put("USAGELENS_DATA_DIR", dataDir.toString());
        env.put("DATABASE_URL", url.jdbcUrl());
        env.put("DATABASE_USER", url.user());
        if (url.password() != null) {
            env.put("DATABASE_PASSWORD", url.password());
        }
        env.put("USAGELENS_INGEST_KEYS", TestServer.INGEST_KEY);
        env.put("USAGELENS_JWT_SECRET", TestServer.JWT_SECRET);
        env.put("USAGELENS_SEED_DEMO_DATA", "false");
        env.put("USAGELENS_DB_POOL_SIZE", "4");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(CHILD_LOG.toFile()));
        return builder.start();
    }

    private static void awaitHealthy(FaultClient client, Process child) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("server process alive (see %s)", CHILD_LOG).isTrue();
            if (client.get("/health", null).status() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server not healthy within 60 s (see " + CHILD_LOG + ")");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
