package org.usagelens.web.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Concurrent ingestion clients that behave like a careful real client: each posts batches of events of its own
 * users (one user per batch, in turn) and, on a 503 or a broken connection, retries the same batch (same ids) until
 * it is acknowledged. Every event acknowledged as {@code stored} or {@code duplicate} is remembered, so a run can be
 * reconciled with the table.
 */
final class Ingestor {
    private final URI endpoint;
    private final String ingestKey;
    private final String userPrefix;
    private final int clients;
    private final int batchSize;
    private final int usersPerClient;
    private final double eventsPerSecond;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Client> running = new ArrayList<>();
    private final AtomicLong errors = new AtomicLong();
    private final Clock clock;
    private final List<String> errorSamples = new ArrayList<>();
    private final java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean spread;
    private final AtomicLong unavailableWithoutRetryAfter = new AtomicLong();
    private final SyntheticEvents.Shape shape;

    /**
     * @param eventsPerSecond the total rate across clients; 0 for as fast as the server answers
     */
    Ingestor(URI baseUri, String ingestKey, String userPrefix, int clients, int batchSize, double eventsPerSecond,
             Clock clock) {
        this(baseUri, ingestKey, userPrefix, clients, 1, batchSize, eventsPerSecond, clock);
    }

    /**
     * @param usersPerClient how many users each client writes for, one batch each in turn
     * @param eventsPerSecond the total rate across clients; 0 for as fast as the server answers
     * @param clock           the server's clock, which the events' timestamps are taken from
     */
    Ingestor(URI baseUri, String ingestKey, String userPrefix, int clients, int usersPerClient, int batchSize,
             double eventsPerSecond, Clock clock) {
        this(baseUri, ingestKey, userPrefix, clients, usersPerClient, batchSize, eventsPerSecond, clock,
                SyntheticEvents.Shape.LEGACY);
    }

    /**
     * @param shape what the events say about their cost (and whether they carry units)
     */
    Ingestor(URI baseUri, String ingestKey, String userPrefix, int clients, int usersPerClient, int batchSize,
             double eventsPerSecond, Clock clock, SyntheticEvents.Shape shape) {
        this.shape = shape;
        this.clock = clock;
        this.endpoint = baseUri.resolve("/api/usage-events");
        this.ingestKey = ingestKey;
        this.userPrefix = userPrefix;
        this.clients = clients;
        this.usersPerClient = usersPerClient;
        this.batchSize = batchSize;
        this.eventsPerSecond = eventsPerSecond;
    }

    /**
     * Every batch spans all of a client's users (event {@code i} of a batch is user {@code i % usersPerClient}'s), as
     * a gateway's batches do, instead of one user per batch.
     */
    Ingestor spreadingBatchesOverUsers() {
        spread = true;
        return this;
    }

    /** How many responses had each HTTP status (-1: no response, the connection failed). */
    java.util.Map<Integer, Long> statuses() {
        java.util.Map<Integer, Long> result = new java.util.TreeMap<>();
        statuses.forEach((k, v) -> result.put(k, v.get()));
        return result;
    }

    /** 503 answers that did not say when to retry. */
    long unavailableWithoutRetryAfter() {
        return unavailableWithoutRetryAfter.get();
    }

    /** Events acknowledged so far, while running. */
    long acknowledgedSoFar() {
        synchronized (running) {
            return running.stream().mapToLong(c -> c.ackedCount.get()).sum();
        }
    }

    /** The users of {@code client}. */
    List<String> users(int client) {
        List<String> users = new ArrayList<>();
        for (int u = 0; u < usersPerClient; u++) {
            users.add(user(client, u));
        }
        return users;
    }

    private String user(int client, int index) {
        return usersPerClient == 1 ? userPrefix + client : userPrefix + client + "-" + index;
    }

    int clients() {
        return clients;
    }

    SyntheticEvents.Shape shape() {
        return shape;
    }

    /** Runs the clients until {@code duration} has passed, then lets every in-flight batch finish. */
    Result run(Duration duration) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Client client = new Client(c, deadline);
            synchronized (running) {
                running.add(client);
            }
            Thread t = new Thread(client, "ingest-" + c);
            threads.add(t);
            t.start();
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long events = running.stream().mapToLong(c -> c.acked.cardinality()).sum();
        Latencies latencies = Latencies.merge(running.stream().map(c -> c.latencies).toList());
        synchronized (errorSamples) {
            return new Result(events, seconds, latencies, errors.get(), List.copyOf(errorSamples));
        }
    }

    /** The events of {@code client} that were acknowledged, by sequence number. */
    BitSet acknowledged(int client) {
        return running.get(client).acked;
    }

    record Result(long events, double seconds, Latencies batchLatencies, long errors, List<String> errorSamples) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private void error(String what) {
        errors.incrementAndGet();
        synchronized (errorSamples) {
            if (errorSamples.size() < 10) {
                errorSamples.add(what);
            }
        }
    }

    private final class Client implements Runnable {
        private final int id;
        private final long deadline;
        private final BitSet acked = new BitSet();
        private final AtomicLong ackedCount = new AtomicLong();
        private final Latencies latencies = new Latencies();
        private long nextSeq;

        Client(int id, long deadline) {
            this.id = id;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            long intervalNanos = eventsPerSecond > 0 ? (long) (batchSize * clients / eventsPerSecond * 1e9) : 0;
            long nextSend = System.nanoTime();
            while (System.nanoTime() < deadline) {
                if (intervalNanos > 0) {
                    long wait = nextSend - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    nextSend = Math.max(nextSend + intervalNanos, System.nanoTime() - intervalNanos);
                }
                long first = nextSeq;
                nextSeq += batchSize;
                String body = batch(first);
                // Retry the same batch until it is acknowledged: a real client must not drop or re-key events.
                for (int attempt = 0; ; attempt++) {
                    if (send(body, first)) {
                        break;
                    }
                    if (attempt > 600) {
                        error("client " + id + " gave up on batch " + first);
                        return;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                }
            }
        }

        private String batch(long first) {
            StringBuilder b = new StringBuilder(batchSize * 420).append("{\"events\":[");
            Instant now = clock.instant();
            for (int i = 0; i < batchSize; i++) {
                if (i > 0) {
                    b.append(',');
                }
                SyntheticEvents.appendEvent(b, user(id, spread ? i % usersPerClient : (int) (first / batchSize % usersPerClient)), id, first + i,
                        now.minusMillis(i), shape);
            }
            return b.append("]}").toString();
        }

        private boolean send(String body, long first) {
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Api-Key", ingestKey)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                statuses.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
                error("batch " + first + " of client " + id + ": " + e);
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            latencies.record(System.nanoTime() - start);
            statuses.computeIfAbsent(response.statusCode(), k -> new AtomicLong()).incrementAndGet();
            if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isEmpty()) {
                unavailableWithoutRetryAfter.incrementAndGet();
            }
            if (response.statusCode() != 200) {
                error("batch " + first + " of client " + id + ": HTTP " + response.statusCode() + " " + response.body());
                return false;
            }
            try {
                JsonNode results = json.readTree(response.body()).path("results");
                if (results.size() != batchSize) {
                    error("batch " + first + ": " + results.size() + " results for " + batchSize + " events");
                }
                for (JsonNode r : results) {
                    String status = r.path("status").asText();
                    if (status.equals("stored") || status.equals("duplicate")) {
                        acked.set(Math.toIntExact(SyntheticEvents.seqOf(r.path("id").asText())));
                        ackedCount.incrementAndGet();
                    } else {
                        error("event " + r.path("id").asText() + ": " + r);
                    }
                }
                // A 200 is final: a rejected event would be rejected again, so it is an error, not a retry.
                return true;
            } catch (IOException e) {
                error("batch " + first + ": unreadable response " + e);
                return false;
            }
        }
    }
}
