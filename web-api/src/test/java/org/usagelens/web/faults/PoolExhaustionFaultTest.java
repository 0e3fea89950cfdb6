package org.usagelens.web.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.faults.FaultClient.Reply;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.wiring.ServerMain;
import org.usagelens.web.wiring.ServerSettings;

/**
 * The server's connection pool exhausted: a lock taken on the table from outside makes every request hold
 * its pooled connection, and more requests arrive than the pool holds. They wait, then fail cleanly with
 * 503 (not a 500, not a hang) having changed nothing, and service resumes once the lock is gone.
 */
class PoolExhaustionFaultTest {
    private static final String USER = "pool";
    private static final int POOL = 2;
    private static final int BATCH = 20;
    /**
     * A request waits at most for a connection (3 s), then for the lock (5 s); with room for a busy machine.
     * Without the lock timeout the requests holding connections wait for the socket timeout (60 s).
     */
    private static final Duration MAX_WAIT = Duration.ofSeconds(15);

    @Test
    void givenPoolExhaustedBehindALock_whenMoreRequestsThanConnectionsArrive_thenTheyWaitThen503_andServiceResumes()
            throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, java.nio.file.Path.of("target/test-data"), db.jdbcUrl(),
                db.user(), db.password(), List.of(TestServer.INGEST_KEY), TestServer.JWT_SECRET, null, null, false, POOL);
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try (ServerMain.Server server = ServerMain.Server.start(settings, TestClock.standard());
             Connection locker = new StoredRows(db).connect()) {
            FaultClient client = new FaultClient(server.port(), Duration.ofSeconds(25));
            StoredRows rows = new StoredRows(db);
            assertThat(client.postEvents(FaultClient.batch(USER, "warm", BATCH)).status()).isEqualTo(200);
            locker.setAutoCommit(false);

            // A short lock: requests wait for it (and for a connection), then all succeed.
            lockTable(locker);
            List<Future<Reply>> waiting = new ArrayList<>();
            for (int i = 0; i < POOL + 2; i++) {
                String body = FaultClient.batch(USER, "short" + i, BATCH);
                waiting.add(clients.submit(() -> client.postEvents(body)));
            }
            Thread.sleep(1000);
            assertThat(waiting).as("requests wait while the table is locked").noneMatch(Future::isDone);
            locker.commit();
            for (Future<Reply> f : waiting) {
                Reply reply = f.get(MAX_WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(reply.status()).as("%s", reply).isEqualTo(200);
                assertThat(reply.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            }

            // A long lock: every connection is stuck, more requests arrive than the pool holds; all get a clean 503.
            lockTable(locker);
            List<Future<Reply>> posts = new ArrayList<>();
            for (int i = 0; i < POOL + 6; i++) {
                String body = FaultClient.batch(USER, "long" + i, BATCH);
                posts.add(clients.submit(() -> client.postEvents(body)));
            }
            Future<Reply> read = clients.submit(() -> client.get("/api/subscription/usage-logs?limit=5", TestTokens.forUser(USER)));
            Future<Reply> health = clients.submit(() -> client.get("/health", null));
            List<Reply> refused = new ArrayList<>();
            try {
                for (Future<Reply> f : posts) {
                    refused.add(f.get(30, TimeUnit.SECONDS));
                }
                refused.add(read.get(30, TimeUnit.SECONDS));
            } finally {
                locker.commit();
            }
            Reply healthReply = health.get(30, TimeUnit.SECONDS);
            System.out.printf("PoolExhaustionFaultTest: pool %d, %d requests behind the lock: %s; /health %s%n", POOL,
                    refused.size(), refused.stream().map(r -> r.status() + "/" + r.latency().toMillis() + "ms").toList(),
                    healthReply);
            assertThat(refused).allSatisfy(r -> {
                assertThat(r.status()).as("%s", r).isEqualTo(503);
                assertThat(r.retryAfter()).isEqualTo("5");
                assertThat(r.body()).contains("\"status\":503");
                assertThat(r.latency()).as("%s", r).isLessThanOrEqualTo(MAX_WAIT)
                        .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
            });
            assertThat(healthReply.status()).as("%s", healthReply).isIn(200, 503);
            assertThat(healthReply.latency()).isLessThanOrEqualTo(MAX_WAIT);

            // A 503 changed nothing: no statement left behind commits once the lock is gone.
            rows.awaitNoActiveStatements("usagelens-server", Duration.ofSeconds(10));
            for (int i = 0; i < POOL + 6; i++) {
                assertThat(rows.rowsWithKeys(USER, StoredRows.keys("long" + i, BATCH))).as("rows of refused batch long%d", i).isZero();
            }

            // Service resumes: the client's retries are stored, once.
            for (int i = 0; i < POOL + 6; i++) {
                Reply retry = client.postEvents(FaultClient.batch(USER, "long" + i, BATCH));
                assertThat(retry.status()).as("%s", retry).isEqualTo(200);
                assertThat(FaultClient.storedAndDuplicates(retry)).containsExactly(BATCH, 0);
            }
            assertThat(client.get("/health", null).status()).isEqualTo(200);
            assertThat(rows.keysStoredMoreThanOnce(USER)).isEmpty();
            assertThat(rows.rowsPerBatch(USER)).allSatisfy((batch, n) -> assertThat(n).as(batch).isEqualTo(BATCH));
            assertThat(rows.rows(USER)).isEqualTo((1 + (POOL + 2) + (POOL + 6)) * BATCH);
            PostgresStopFaultTest.assertPoolDrains(server);
        } finally {
            clients.shutdownNow();
        }
    }

    private static void lockTable(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE api_usage_logs IN ACCESS EXCLUSIVE MODE");
        }
    }
}
