package org.usagelens.web.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.usagelens.web.Json;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;

/**
 * A real HTTP client for fault tests. Every call returns what happened (a status, or the I/O error a
 * real client would see) and when, instead of throwing, so a test can tally outcomes across a fault.
 */
final class FaultClient {
    private static final ObjectMapper JSON = Json.mapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final int port;
    private final Duration requestTimeout;

    FaultClient(int port, Duration requestTimeout) {
        this.port = port;
        this.requestTimeout = requestTimeout;
    }

    /** One HTTP exchange: {@code status} 0 when it ended in {@code error}; times from {@link System#nanoTime()}. */
    record Reply(int status, String body, String retryAfter, long startNanos, long endNanos, Throwable error) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        Duration latency() {
            return Duration.ofNanos(endNanos - startNanos);
        }

        @Override
        public String toString() {
            return (error != null ? error.getClass().getSimpleName() + ": " + error.getMessage() : status + " " + abbreviate(body))
                    + " in " + latency().toMillis() + " ms";
        }

        private static String abbreviate(String s) {
            return s == null || s.length() < 200 ? s : s.substring(0, 200) + "…";
        }
    }

    Reply postEvents(String body) {
        return exchange(HttpRequest.newBuilder(uri("/api/usage-events"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", TestServer.INGEST_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply get(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return exchange(b);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Reply exchange(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request.timeout(requestTimeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null), start,
                    System.nanoTime(), null);
        } catch (IOException e) {
            return new Reply(0, null, null, start, System.nanoTime(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, null, start, System.nanoTime(), e);
        }
    }

    /** A batch of {@code size} valid events of {@code user}, ids {@code <batchId>:<i>}, so rows can be grouped by batch. */
    static String batch(String user, String batchId, int size) {
        List<String> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            events.add(Events.video(user, batchId + ":" + i));
        }
        return Events.batch(events.toArray(String[]::new));
    }

    /** The ids a 2xx answer acknowledges ({@code stored} or {@code duplicate}); fails on any other result. */
    static List<String> acknowledgedIds(Reply reply) {
        try {
            JsonNode root = JSON.readTree(reply.body());
            List<String> ids = new ArrayList<>();
            for (JsonNode result : root.get("results")) {
                String status = result.get("status").asText();
                if (!status.equals("stored") && !status.equals("duplicate")) {
                    throw new AssertionError("event not acknowledged: " + result);
                }
                ids.add(result.get("id").asText());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + reply.body(), e);
        }
    }

    /** {@code stored} and {@code duplicate} counts of a 2xx answer. */
    static int[] storedAndDuplicates(Reply reply) {
        try {
            JsonNode root = JSON.readTree(reply.body());
            return new int[] {root.get("stored").asInt(), root.get("duplicates").asInt()};
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + reply.body(), e);
        }
    }
}
