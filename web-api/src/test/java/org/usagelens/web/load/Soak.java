package org.usagelens.web.load;

import java.net.URI;
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
 * The soak: measures the server's maximum ingestion rate, then ingests at half of it for the given time while
 * dashboard-like readers page through logs and analytics, and finally reconciles what was acknowledged with what is
 * stored.
 *
 * <p>Run it for ten minutes with {@code web-api/bench/soak.sh 600}; {@code SoakTest} runs a 60-second version in
 * the build.
 */
public final class Soak {
    static final int WRITERS = 4;
    static final int BATCH = 500;
    static final int READERS = 20;

    private Soak() {
    }

    record Report(Instant started, double maxRate, double targetRate, Ingestor.Result calibration,
                  Ingestor.Result soak, Map<String, Latencies> reads, long readErrors, List<String> readErrorSamples,
                  Reconciliation.Outcome calibrationCheck, Reconciliation.Outcome soakCheck) {

        boolean clean() {
            return calibration.errors() == 0 && soak.errors() == 0 && readErrors == 0 && calibrationCheck.exact()
                    && soakCheck.exact();
        }

        String text() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "soak started %s%n", started));
            b.append(String.format(Locale.ROOT,
                    "calibration: %d writers x batches of %d, unthrottled for %.0f s: %.0f events/s; batch %s%n",
                    WRITERS, BATCH, calibration.seconds(), maxRate, calibration.batchLatencies().summary()));
            b.append(String.format(Locale.ROOT,
                    "soak: target %.0f events/s (half the maximum) for %.0f s: %d events, %.0f events/s; batch %s%n",
                    targetRate, soak.seconds(), soak.events(), soak.eventsPerSecond(), soak.batchLatencies().summary()));
            for (String kind : List.of(Readers.FIRST_PAGE, Readers.CURSOR_PAGE, Readers.ANALYTICS)) {
                b.append(String.format(Locale.ROOT, "  %-27s %s%n", kind, reads.get(kind).summary()));
            }
            b.append(String.format(Locale.ROOT, "errors: ingestion %d (calibration) + %d (soak), reads %d%n",
                    calibration.errors(), soak.errors(), readErrors));
            List<String> samples = new ArrayList<>(calibration.errorSamples());
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
                      Duration calibration, Duration duration) throws Exception {
        Instant started = Instant.now();
        String run = Long.toString(System.currentTimeMillis(), 36);
        Ingestor calibrating = new Ingestor(base, ingestKey, "cal-" + run + "-", WRITERS, BATCH, 0);
        Ingestor.Result max = calibrating.run(calibration);
        double target = max.eventsPerSecond() / 2;

        Ingestor soaking = new Ingestor(base, ingestKey, "soak-" + run + "-", WRITERS, BATCH, target);
        List<String> users = new ArrayList<>();
        for (int c = 0; c < WRITERS; c++) {
            users.add(calibrating.user(c));
            users.add(soaking.user(c));
        }
        Readers readers = new Readers(base, users, tokenFor);
        readers.start(READERS);
        Ingestor.Result soak;
        Map<String, Latencies> reads;
        try {
            soak = soaking.run(duration);
        } finally {
            reads = readers.stop();
        }
        return new Report(started, max.eventsPerSecond(), target, max, soak, reads, readers.errors(),
                readers.errorSamples(), Reconciliation.check(database, calibrating),
                Reconciliation.check(database, soaking));
    }

    /** {@code Soak [seconds] [calibration seconds]}: a soak against a fresh server on the embedded PostgreSQL. */
    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 600);
        Duration calibration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        Report report;
        try (TestServer server = TestServer.start()) {
            report = run(server.uri("/"), server.database(), TestServer.INGEST_KEY, TestTokens::forUser, calibration,
                    duration);
        }
        System.out.print(report.text());
        System.exit(report.clean() ? 0 : 1);
    }
}
