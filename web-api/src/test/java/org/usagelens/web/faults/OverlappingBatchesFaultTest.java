package org.usagelens.web.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.usagelens.web.faults.FaultClient.Reply;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;

/**
 * Two clients send the same events at the same moment in opposite orders (e.g. a replay racing the
 * original through another path). Their INSERTs can deadlock in PostgreSQL, which then aborts one: that
 * client must get a retryable 503, not a 500, and after retries every event is stored exactly once.
 */
class OverlappingBatchesFaultTest {
    private static final String USER = "overlap";
    private static final int ROUNDS = 12;
    private static final int EVENTS = 400;

    @Test
    void givenTheSameEventsInOppositeOrdersAtOnce_whenPostgresBreaksTheDeadlock_thenTheLoserGets503_andRetriesStoreEachOnce()
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try (TestServer server = TestServer.start()) {
            FaultClient client = new FaultClient(server.uri("/").getPort(), Duration.ofSeconds(30));
            StoredRows rows = new StoredRows(server.database());
            List<Integer> statuses = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<String> events = new ArrayList<>(EVENTS);
                for (int i = 0; i < EVENTS; i++) {
                    events.add(Events.video(USER, "r" + round + ":" + i));
                }
                List<String> reversed = new ArrayList<>(events);
                Collections.reverse(reversed);
                String forward = Events.batch(events.toArray(String[]::new));
                String backward = Events.batch(reversed.toArray(String[]::new));
                var a = CompletableFuture.supplyAsync(() -> sendUntilAcknowledged(client, forward, statuses), clients);
                var b = CompletableFuture.supplyAsync(() -> sendUntilAcknowledged(client, backward, statuses), clients);
                int[] first = FaultClient.storedAndDuplicates(a.get());
                int[] second = FaultClient.storedAndDuplicates(b.get());
                assertThat(first[0] + second[0]).as("round %d: each event stored by exactly one of the two", round)
                        .isEqualTo(EVENTS);
                assertThat(first[1] + second[1]).isEqualTo(EVENTS);
            }
            long deadlocks = statuses.stream().filter(s -> s == 503).count();
            System.out.printf("OverlappingBatchesFaultTest: %d rounds of 2 x %d events, %d answers, %d of them 503 "
                    + "(deadlock broken by PostgreSQL, retried)%n", ROUNDS, EVENTS, statuses.size(), deadlocks);
            assertThat(statuses).as("answers to racing batches").allMatch(s -> s == 200 || s == 503);
            assertThat(rows.keysStoredMoreThanOnce(USER)).isEmpty();
            assertThat(rows.rows(USER)).isEqualTo((long) ROUNDS * EVENTS);
        } finally {
            clients.shutdownNow();
        }
    }

    /** Like a real client: resend the same batch after a 503 until it is acknowledged. */
    private static Reply sendUntilAcknowledged(FaultClient client, String body, List<Integer> statuses) {
        for (int attempt = 0; attempt < 10; attempt++) {
            Reply reply = client.postEvents(body);
            synchronized (statuses) {
                statuses.add(reply.status());
            }
            if (reply.ok()) {
                return reply;
            }
            if (reply.status() != 503 || !"5".equals(reply.retryAfter())) {
                throw new AssertionError("racing batch: " + reply);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("racing batch not acknowledged after 10 attempts");
    }
}
