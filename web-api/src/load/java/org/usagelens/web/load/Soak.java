package org.usagelens.web.load;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * The soak: measures the server's maximum ingestion rate, then ingests at half of it for the given time, for 200
 * tenants, while 20 dashboard-like readers page through those tenants' logs and analytics, and finally reconciles
 * what was acknowledged with what is stored.
 *
 * <p>Run it for ten minutes with {@code web-api/bench/run.sh Soak 600}; {@code SoakTest} runs a 60-second version in
 * the build.
 */
public final class Soak {
    static final int WRITERS = 4;
    /** Tenants per writer: 200 in all, so a month of one tenant stays the size a real tenant's would be. */
    static final int USERS_PER_WRITER = 50;
    static final int BATCH = 500;
    static final int READERS = 20;
    /** A reader's pause between two requests by default, as a person at a dashboard pauses between clicks. */
    static final Duration READER_PAUSE = Duration.ofMillis(200);

    private Soak() {
    }

    record Report(Instant started, Ingestor.Result warmUp, double maxRate, double targetRate, Ingestor.Result calibration,
                  Ingestor.Result soak, Duration readerPause, Map<String, Latencies> reads, long readErrors,
                  List<String> readErrorSamples,
                  Reconciliation.Outcome calibrationCheck, Reconciliation.Outcome soakCheck) {

        boolean clean() {
            return warmUp.errors() == 0 && calibration.errors() == 0 && soak.errors() == 0 && readErrors == 0
                    && calibrationCheck.exact()
                    && soakCheck.exact();
        }

        String text() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "soak started %s%n", started));
            b.append(String.format(Locale.ROOT, "warm-up: %d writers, unthrottled for %.0f s: %.0f events/s (not counted)%n",
                    WRITERS, warmUp.seconds(), warmUp.eventsPerSecond()));
            b.append(String.format(Locale.ROOT,
                    "calibration: %d writers x batches of %d, unthrottled for %.0f s: %.0f events/s; batch %s%n",
                    WRITERS, BATCH, calibration.seconds(), maxRate, calibration.batchLatencies().summary()));
            b.append(String.format(Locale.ROOT,
                    "soak: target %.0f events/s (half the maximum) for %.0f s: %d events, %.0f events/s; batch %s%n",
                    targetRate, soak.seconds(), soak.events(), soak.eventsPerSecond(), soak.batchLatencies().summary()));
            long requests = reads.values().stream().mapToLong(Latencies::count).sum();
            b.append(String.format(Locale.ROOT, "reads: %d readers, %d ms pause between requests: %d requests, %.0f/s%n",
                    READERS, readerPause.toMillis(), requests, requests / soak.seconds()));
            for (String kind : List.of(Readers.FIRST_PAGE, Readers.CURSOR_PAGE, Readers.ANALYTICS)) {
                b.append(String.format(Locale.ROOT, "  %-27s %s%n", kind, reads.get(kind).summary()));
            }
            b.append(String.format(Locale.ROOT, "errors: ingestion %d (warm-up) + %d (calibration) + %d (soak), reads %d%n",
                    warmUp.errors(), calibration.errors(), soak.errors(), readErrors));
            List<String> samples = new ArrayList<>(warmUp.errorSamples());
            samples.addAll(calibration.errorSamples());
            samples.addAll(soak.errorSamples());
            samples.addAll(readErrorSamples);
            samples.forEach(s -> b.append("  ").append(s).append('\n'));
            b.append("reconciliation, calibration: ").append(calibrationCheck).append('\n');
            b.append("reconciliation, soak: ").append(soakCheck).append('\n');
            b.append(clean() ? "RESULT: zero errors, zero loss\n" : "RESULT: FAILED\n");
            return b.toString();
        }
    }

    static Report run(URI base, DatabaseUrl database, String ingestKey, Function<String, String> tokenFor,
                      Duration calibration, Duration duration, Duration readerPause, Clock clock) throws Exception {
        Instant started = clock.instant();
        String run = Long.toString(started.toEpochMilli(), 36);
        // A cold server (JIT, pool, caches) is slower than a warm one: warm it up first, so that the maximum, and
        // half of it, are those of the server that then soaks.
        Ingestor.Result warmUp = new Ingestor(base, ingestKey, "warm-" + run + "-", WRITERS, USERS_PER_WRITER, BATCH, 0, clock)
                .run(calibration);
        Ingestor calibrating = new Ingestor(base, ingestKey, "cal-" + run + "-", WRITERS, USERS_PER_WRITER, BATCH, 0, clock);
        Ingestor.Result max = calibrating.run(calibration);
        double target = max.eventsPerSecond() / 2;

        Ingestor soaking = new Ingestor(base, ingestKey, "soak-" + run + "-", WRITERS, USERS_PER_WRITER, BATCH, target, clock);
        List<String> users = new ArrayList<>();
        for (int c = 0; c < WRITERS; c++) {
            users.addAll(calibrating.users(c));
            users.addAll(soaking.users(c));
        }
        Readers readers = new Readers(base, users, tokenFor, readerPause, clock);
        readers.start(READERS);
        Ingestor.Result soak;
        Map<String, Latencies> reads;
        try {
            soak = soaking.run(duration);
        } finally {
            reads = readers.stop();
        }
        return new Report(started, warmUp, max.eventsPerSecond(), target, max, soak, readerPause, reads, readers.errors(),
                readers.errorSamples(), Reconciliation.check(database, calibrating),
                Reconciliation.check(database, soaking));
    }

    /**
     * {@code Soak [seconds] [calibration seconds] [reader pause ms]}: a soak against a fresh server on the embedded
     * PostgreSQL; a pause of 0 lets the readers ask as fast as they are answered.
     */
    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 600);
        Duration calibration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        Duration pause = args.length > 2 ? Duration.ofMillis(Long.parseLong(args[2])) : READER_PAUSE;
        Report report;
        try (TestServer server = TestServer.start()) {
            report = run(server.uri("/"), server.database(), TestServer.INGEST_KEY, TestTokens::forUser, calibration,
                    duration, pause, server.clock());
        }
        System.out.print(report.text());
        System.exit(report.clean() ? 0 : 1);
    }
}
