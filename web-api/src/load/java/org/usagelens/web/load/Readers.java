package org.usagelens.web.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Dashboard-like readers: each pages through a user's logs (first page, then up to four pages by cursor) and asks
 * for the month's provider analytics, again and again until stopped, pausing between requests as a person would.
 */
final class Readers {
    static final String FIRST_PAGE = "usage-logs first page";
    static final String CURSOR_PAGE = "usage-logs cursor page";
    static final String ANALYTICS = "provider-analytics (month)";

    private final URI base;
    private final List<String> users;
    private final Function<String, String> tokenFor;
    private final Duration pause;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong errors = new AtomicLong();
    private final Clock clock;
    private final List<String> errorSamples = new ArrayList<>();
    private final List<Map<String, Latencies>> perThread = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    Readers(URI base, List<String> users, Function<String, String> tokenFor, Duration pause, Clock clock) {
        this.clock = clock;
        this.base = base;
        this.users = users;
        this.tokenFor = tokenFor;
        this.pause = pause;
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            Map<String, Latencies> mine = Map.of(FIRST_PAGE, new Latencies(), CURSOR_PAGE, new Latencies(),
                    ANALYTICS, new Latencies());
            perThread.add(mine);
            Thread t = new Thread(() -> loop(mine), "reader-" + i);
            threads.add(t);
            t.start();
        }
    }

    /** Stops the readers and returns the latencies of each kind of request. */
    Map<String, Latencies> stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return Map.of(FIRST_PAGE, merged(FIRST_PAGE), CURSOR_PAGE, merged(CURSOR_PAGE), ANALYTICS, merged(ANALYTICS));
    }

    long errors() {
        return errors.get();
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    private Latencies merged(String kind) {
        return Latencies.merge(perThread.stream().map(m -> m.get(kind)).toList());
    }

    private void loop(Map<String, Latencies> latencies) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!stop.get()) {
            String user = users.get(random.nextInt(users.size()));
            String token = tokenFor.apply(user);
            JsonNode page = get("/api/subscription/usage-logs?limit=50", token, latencies.get(FIRST_PAGE));
            for (int i = 0; i < 4 && page != null && page.hasNonNull("next_cursor") && !stop.get(); i++) {
                String cursor = URLEncoder.encode(page.get("next_cursor").asText(), StandardCharsets.UTF_8);
                page = get("/api/subscription/usage-logs?limit=50&cursor=" + cursor, token, latencies.get(CURSOR_PAGE));
            }
            get("/api/subscription/provider-analytics?billing_period=" + YearMonth.now(clock.withZone(ZoneOffset.UTC)), token,
                    latencies.get(ANALYTICS));
        }
    }

    private JsonNode get(String path, String token, Latencies latencies) {
        if (!pause.isZero()) {
            java.util.concurrent.locks.LockSupport.parkNanos(pause.toNanos());
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).GET().build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            latencies.record(System.nanoTime() - start);
            if (response.statusCode() != 200) {
                error(path + ": HTTP " + response.statusCode() + " " + response.body());
                return null;
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            error(path + ": " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            return null;
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
}
